package jp.mamori.authz.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.HrRowProblem;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.sync.ProvisioningOutcome;
import jp.mamori.hrsync.sync.ProvisioningSync;
import jp.mamori.hrsync.sync.SyncReport;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the HR → directory → Keycloak sync (LC-1) and records it: the run, its rejected rows (GV-7),
 * the accounts, and each temporary password issued (who, for whom, when, how handed over; never the
 * password, PW-4).
 */
@Service
@Enforces(
    value = {"GV-8"},
    ja = "既定の実行とテストには架空の職員データだけを使う",
    en = "The default run and the tests use fictional staff data only")
public class SyncService {

  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  /** The fictional sample bundled with hr-sync (GV-8: never real personal data). */
  public static final String SAMPLE_RESOURCE = "/jp/mamori/hrsync/sample/hr-staff.csv";

  private final HrCsvReader reader;
  private final ProvisioningSync sync;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final java.time.Duration temporaryPasswordLifetime;
  private final jp.mamori.authz.audit.AuditLog audit;

  SyncService(
      HrCsvReader reader,
      ProvisioningSync sync,
      JdbcClient jdbc,
      Clock clock,
      jp.mamori.policy.Policy policy,
      jp.mamori.authz.audit.AuditLog audit) {
    this.audit = audit;
    this.temporaryPasswordLifetime = policy.temporaryPassword().lifetime();
    this.reader = reader;
    this.sync = sync;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Reads the HR export, provisions what is missing, and records the run. Rejected rows change
   * nothing; they are listed in the report.
   *
   * @throws HrFileException if the file cannot be read at all (missing, unreadable, no header):
   *     nothing is changed
   */
  @Transactional
  public SyncReport run(Path hrFile) throws HrFileException {
    HrFile hr = reader.read(hrFile);
    SyncReport report = sync.run(hr);
    long runId = recordRun(report);
    Map<String, StaffRecord> byNumber =
        hr.records().stream()
            .collect(
                Collectors.toMap(StaffRecord::employeeNumber, Function.identity(), (a, b) -> a));
    List<jp.mamori.authz.audit.AuditChain.Entry> entries = new java.util.ArrayList<>();
    String actor = "mamori:sync-run/" + runId;
    for (ProvisioningOutcome outcome : report.outcomes()) {
      switch (outcome) {
        case ProvisioningOutcome.Created created -> {
          upsertAccount(byNumber.get(created.employeeNumber()), created);
          entries.add(
              new jp.mamori.authz.audit.AuditChain.Entry(
                  "SYNC_CREATE",
                  actor,
                  created.employeeNumber(),
                  jp.mamori.authz.audit.AuditLog.detail(
                      Map.of(
                          "username", created.username(),
                          "directoryDn", String.valueOf(created.directoryDn()),
                          "source", hrFile.getFileName().toString())),
                  "LC-1"));
          if (created.password().isPresent()) {
            recordIssue(created, runId);
            entries.add(
                new jp.mamori.authz.audit.AuditChain.Entry(
                    "TEMPORARY_PASSWORD_ISSUED",
                    actor,
                    created.username(),
                    jp.mamori.authz.audit.AuditLog.detail(
                        Map.of("handover", "HAND_OVER_SHEET", "syncRun", runId)),
                    "PW-4"));
          }
        }
        case ProvisioningOutcome.Unchanged unchanged -> {}
        case ProvisioningOutcome.Skipped skipped -> {}
        case ProvisioningOutcome.Failed failed ->
            log.warn(
                "Sync of employee {} failed at {} (retryable={}): {}",
                failed.employeeNumber(),
                failed.step(),
                failed.retryable(),
                failed.message());
      }
    }
    entries.add(
        new jp.mamori.authz.audit.AuditChain.Entry(
            "SYNC_RUN",
            actor,
            "sync-run/" + runId,
            jp.mamori.authz.audit.AuditLog.detail(
                Map.of(
                    "source", hrFile.getFileName().toString(),
                    "created", report.count(ProvisioningOutcome.Created.class),
                    "failed", report.count(ProvisioningOutcome.Failed.class),
                    "rejectedRows", report.rejectedRows().size())),
            "LC-1,GV-7"));
    audit.appendAll(entries); // in this run's transaction
    log.info(
        "Sync run {} from {}: created={}, unchanged={}, skipped={}, failed={}, rejected rows={}",
        runId,
        hrFile.getFileName(),
        report.count(ProvisioningOutcome.Created.class),
        report.count(ProvisioningOutcome.Unchanged.class),
        report.count(ProvisioningOutcome.Skipped.class),
        report.count(ProvisioningOutcome.Failed.class),
        report.rejectedRows().size());
    return report;
  }

  /** The bundled sample, copied to a file so that it is read like any HR export. */
  public static Path sampleFile() {
    try (InputStream in = SyncService.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The HR sample " + SAMPLE_RESOURCE + " is missing");
      }
      Path file = Files.createTempFile("mamori-hr-sample-", ".csv");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long recordRun(SyncReport report) {
    long runId =
        jdbc.sql(
                """
                insert into sync_run (source, started_at, finished_at, created, unchanged, skipped,
                                      failed, rejected_rows)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id\
                """)
            .params(
                report.source().toString(),
                Timestamp.from(report.startedAt()),
                Timestamp.from(report.finishedAt()),
                (int) report.count(ProvisioningOutcome.Created.class),
                (int) report.count(ProvisioningOutcome.Unchanged.class),
                (int) report.count(ProvisioningOutcome.Skipped.class),
                (int) report.count(ProvisioningOutcome.Failed.class),
                report.rejectedRows().size())
            .query(Long.class)
            .single();
    for (HrRowProblem problem : report.rejectedRows()) {
      jdbc.sql(
              "insert into sync_rejected_row (sync_run_id, line, column_name, value, expected)"
                  + " values (?, ?, ?, ?, ?)")
          .params(
              runId,
              problem.line(),
              problem.column(),
              truncate(problem.value(), 300),
              truncate(problem.expected(), 500))
          .update();
    }
    return runId;
  }

  private void upsertAccount(StaffRecord staff, ProvisioningOutcome.Created created) {
    Timestamp now = Timestamp.from(Instant.now(clock));
    jdbc.sql(
            """
            insert into staff_account (employee_number, username, full_name, full_name_kana,
                section_code, section_name, directory_dn, keycloak_id, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (employee_number) do update set
                username = excluded.username, full_name = excluded.full_name,
                full_name_kana = excluded.full_name_kana, section_code = excluded.section_code,
                section_name = excluded.section_name, directory_dn = excluded.directory_dn,
                keycloak_id = excluded.keycloak_id, updated_at = excluded.updated_at\
            """)
        .params(
            staff.employeeNumber(),
            created.username(),
            staff.fullName(),
            staff.fullNameKana(),
            staff.sectionCode(),
            staff.sectionName(),
            created.directoryDn(),
            created.identityProviderId(),
            now,
            now)
        .update();
  }

  /**
   * PW-4: the record of a temporary password set by the sync (never the password), with its
   * Keycloak user and expiry, so that the temporary-password sweep finds it used or withdraws it
   * unused like one an administrator issued.
   */
  private void recordIssue(ProvisioningOutcome.Created created, long runId) {
    Instant now = Instant.now(clock);
    jdbc.sql(
            "insert into temporary_password_issue (employee_number, issued_at, issued_by,"
                + " handover_method, sync_run_id, keycloak_user_id, expires_at, outcome)"
                + " values (?, ?, ?, ?, ?, ?, ?, 'OUTSTANDING')")
        .params(
            created.username(),
            Timestamp.from(now),
            "mamori-sync",
            "HAND_OVER_SHEET",
            runId,
            created.identityProviderId(),
            Timestamp.from(now.plus(temporaryPasswordLifetime)))
        .update();
  }

  private static String truncate(String value, int max) {
    if (value == null) {
      return null;
    }
    return value.length() <= max ? value : value.substring(0, max);
  }
}
