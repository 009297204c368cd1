package jp.mamori.authz.audit;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Verification;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.cli.Progress;
import jp.mamori.authz.settings.EmbeddedDatabaseFolder;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.keycloak.KeycloakLoginEvents;
import jp.mamori.policy.PolicyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log, its signing key, the periodic checkpoint and verification (every instance runs
 * them: a checkpoint of a head already signed is skipped, a verification only reads), and the
 * command {@code audit-verify}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditSettings.class)
class AuditConfiguration {

  /** The audit log as the reports read it (read-only). */
  @Bean
  AuditQueries auditQueries(JdbcClient jdbc) {
    return new AuditQueryStore(jdbc);
  }

  private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

  @Bean
  AuditSigner auditSigner(AuditSettings settings, MamoriSettings mamori) {
    if (settings.signingKey() != null) {
      return AuditSigner.load(settings.signingKey(), false)
          .withVerificationKeys(settings.verificationKeys());
    }
    if (mamori.mode() == MamoriSettings.Mode.EXTERNAL) {
      throw new IllegalStateException(
          "expected mamori.audit.signing-key (a private EC JWK kept outside the database) in"
              + " external mode; found none");
    }
    return AuditSigner.load(AuditSettings.embeddedDefault(), true)
        .withVerificationKeys(settings.verificationKeys());
  }

  /** {@code audit-keygen}: a new signing key for the audit log, written owner-only. */
  @Bean
  @CliCommand.Names("audit-keygen")
  CliCommand auditKeygen() {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-keygen");
      }

      @Override
      public List<String> options() {
        return List.of("file", "lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, java.io.PrintStream out) {
        boolean ja = !"en".equals(options.get("lang"));
        String file = options.get("file");
        if (file == null || file.isBlank()) {
          out.println(
              ja
                  ? "--mamori.cli.file (新しい署名鍵のファイル) を指定してください"
                  : "expected --mamori.cli.file (where to write the new signing key)");
          return 1;
        }
        String publicJwk;
        try {
          publicJwk = AuditSigner.generateInto(java.nio.file.Path.of(file));
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
          out.println(e.getMessage());
          return 1;
        }
        out.println(
            (ja
                    ? "監査ログの署名鍵を作成しました (所有者のみ読み取り可): "
                    : "Audit signing key written (readable by its owner only): ")
                + file);
        out.println((ja ? "公開鍵 / public key: " : "Public key: ") + publicJwk);
        out.println(
            ja
                ? "mamori.audit.signing-key をこのファイルに替え、古い鍵の公開鍵を"
                    + " mamori.audit.verification-keys に加えてください"
                : "Point mamori.audit.signing-key at this file and add the old key's public half"
                    + " to mamori.audit.verification-keys");
        return 0;
      }
    };
  }

  /**
   * The audit log, its checkpoints copied to a folder outside the database and the steps back of
   * the clock alerted (AU-2, AU-6).
   */
  @Bean
  AuditLog auditLog(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      Clock clock,
      AuditSigner signer,
      AuditSettings settings,
      Alerts alerts,
      ObjectProvider<EmbeddedDatabaseFolder> embedded) {
    CheckpointArchive outside =
        CheckpointArchive.open(
            settings.checkpointFolder(
                Optional.ofNullable(embedded.getIfAvailable()).map(EmbeddedDatabaseFolder::path)));
    log.info("Audit checkpoints are also kept outside the database in {}", outside.folder());
    return new AuditLog(
            new AuditLogStore(jdbc), new TransactionTemplate(transactions), clock, signer)
        .withOutsideCheckpoints(outside)
        .withClockSteps(settings.maxClockSkew(), ClockCheck.alerting(alerts));
  }

  @Bean
  KeycloakEventIngest keycloakEventIngest(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      AuditLog audit,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      Clock clock,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          metrics) {
    String realm = endpoints.keycloak().realm();
    KeycloakLoginEvents events = new KeycloakLoginEvents(keycloakAdmin, realm);
    return new KeycloakEventIngest(
        new AuditStores(jdbc),
        audit,
        events,
        "keycloak:" + realm,
        clock,
        metrics.getIfAvailable(
            io.micrometer.core.instrument.composite.CompositeMeterRegistry::new));
  }

  @Bean
  ClockCheck clockCheck(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      Alerts alerts,
      org.keycloak.admin.client.Keycloak keycloakAdmin,
      AuditSettings settings,
      Clock clock) {
    return new ClockCheck(
        new AuditStores(jdbc),
        alerts,
        java.util.Optional.of(
            () -> keycloakAdmin.serverInfo().getInfo().getSystemInfo().getServerTime()),
        settings.maxClockSkew(),
        clock);
  }

  /**
   * Records the policy in force when it differs from the last one recorded (AU-5), when the service
   * starts (a command of the command line records nothing it was not asked to).
   */
  @Bean
  @ConditionalOnExpression("'${mamori.cli.command:}'.isEmpty()")
  org.springframework.boot.ApplicationRunner policyRecord(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      AuditLog audit,
      MamoriSettings settings) {
    return args -> {
      List<byte[]> parts = new java.util.ArrayList<>();
      try (java.io.InputStream shipped =
          PolicyLoader.class.getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE)) {
        parts.add(shipped.readAllBytes());
      }
      String source = "shipped default " + PolicyLoader.DEFAULT_RESOURCE;
      if (settings.policyFile() != null) {
        parts.add(java.nio.file.Files.readAllBytes(settings.policyFile()));
        source += " + " + settings.policyFile().toAbsolutePath();
      }
      new PolicyRecord(new AuditStores(jdbc), audit)
          .record(source, PolicyRecord.fingerprint(parts), "mamori:startup")
          .ifPresent(
              e -> log.info("Policy recorded in the audit log: {} (event {})", e.kind(), e.seq()));
    };
  }

  @Bean
  AuditReviews auditReviews(
      org.springframework.jdbc.core.simple.JdbcClient jdbc,
      AuditLog audit,
      Alerts alerts,
      AuditSettings settings,
      Clock clock) {
    return new AuditReviews(
        new AuditReviewStore(jdbc),
        audit,
        alerts,
        settings.reviewEvery(),
        clock,
        java.time.ZoneId.of("Asia/Tokyo"));
  }

  @Bean
  AuditJobs auditJobs(
      AuditLog audit,
      Alerts alerts,
      AuditSettings settings,
      KeycloakEventIngest ingest,
      ClockCheck clocks,
      AuditReviews reviews,
      org.springframework.beans.factory.ObjectProvider<TaskScheduler> scheduler) {
    AuditJobs jobs = new AuditJobs(audit, alerts);
    TaskScheduler tasks = scheduler.getIfAvailable();
    if (settings.jobsEnabled() && tasks != null) {
      tasks.scheduleWithFixedDelay(jobs::checkpoint, settings.checkpointEvery());
      tasks.scheduleWithFixedDelay(jobs::verify, settings.verifyEvery());
      tasks.scheduleWithFixedDelay(
          () -> {
            try {
              int n = ingest.ingest();
              if (n > 0) {
                log.debug("{} Keycloak event(s) taken into the audit log", n);
              }
            } catch (RuntimeException e) {
              log.warn("Keycloak events not taken into the audit log: {}", e.getMessage());
            }
            try {
              clocks.check();
            } catch (RuntimeException e) {
              log.warn("Clock check failed: {}", e.getMessage());
            }
            try {
              reviews.flagOverdue();
            } catch (RuntimeException e) {
              log.warn("Review check failed: {}", e.getMessage());
            }
          },
          settings.ingestEvery());
    }
    return jobs;
  }

  /** Signs the head; verifies the chain and raises an alert when it is broken (AU-2). */
  static final class AuditJobs {
    private final AuditLog audit;
    private final Alerts alerts;

    AuditJobs(AuditLog audit, Alerts alerts) {
      this.audit = audit;
      this.alerts = alerts;
    }

    /**
     * Signs the head; a failure — e.g. the folder outside the database cannot be written — raises
     * {@code AUDIT_CHECKPOINT_FAILED} (AU-2), resolved by the next checkpoint that succeeds.
     */
    void checkpoint() {
      try {
        audit.checkpoint().ifPresent(c -> log.info("Audit checkpoint signed at event {}", c.seq()));
        alerts.resolve("AUDIT_CHECKPOINT_FAILED", "audit_checkpoint", "mamori");
      } catch (RuntimeException e) {
        log.error("Audit checkpoint failed: {}", e.getMessage(), e);
        try {
          alerts.raise(
              "AUDIT_CHECKPOINT_FAILED",
              "audit_checkpoint",
              "監査ログのチェックポイントに署名できません (データベース外の保管先を確認してください): " + e.getMessage(),
              "Audit checkpoint failed (check the folder outside the database): " + e.getMessage(),
              "AU-2");
        } catch (RuntimeException alertFailed) {
          log.error("Alert AUDIT_CHECKPOINT_FAILED not raised: {}", alertFailed.getMessage());
        }
      }
    }

    /** Verifies the chain; returns the verification (an alert is raised if it is broken). */
    Verification verify() {
      try {
        Verification v = audit.verify();
        if (!v.clockSteps().isEmpty()) {
          log.warn("Audit events recorded after the clock stepped back: {}", v.clockSteps());
        }
        if (!v.intact()) {
          log.error("Audit log tampering detected: {}", v.problems());
          alerts.raise(
              "AUDIT_TAMPERED",
              "audit_event",
              "監査ログの改ざんを検出しました: " + v.problems().getFirst(),
              "Audit log tampering detected: " + v.problems().getFirst(),
              "AU-2");
        }
        return v;
      } catch (RuntimeException e) {
        log.error("Audit verification failed to run: {}", e.getMessage(), e);
        return null;
      }
    }
  }

  /**
   * {@code --mamori.cli.command=audit-export --mamori.cli.file=PATH [--mamori.cli.format=jsonl|csv]
   * [--mamori.cli.encoding=UTF-8|CP932]}: the whole log for backup to external media (AU-3).
   */
  @Bean
  @CliCommand.Names("audit-export")
  CliCommand auditExportCommand(AuditLog audit) {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-export");
      }

      @Override
      public List<String> options() {
        return List.of("file", "format", "encoding", "lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, PrintStream out) {
        boolean en = "en".equals(options.get("lang"));
        String file = options.get("file");
        if (file == null || file.isBlank()) {
          out.println(
              en
                  ? "expected --mamori.cli.file=PATH (where to write the export); found none"
                  : "出力先 --mamori.cli.file=PATH を指定してください (指定なし)");
          return 2;
        }
        AuditExport.Format format;
        java.nio.charset.Charset charset;
        try {
          format =
              AuditExport.Format.valueOf(
                  options.getOrDefault("format", "jsonl").toUpperCase(java.util.Locale.ROOT));
          charset = AuditExport.charset(options.getOrDefault("encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
          out.println(
              (en
                      ? "expected format jsonl or csv and encoding UTF-8 or CP932; found "
                      : "形式は jsonl か csv、文字コードは UTF-8 か CP932 です。指定: ")
                  + options.get("format")
                  + ", "
                  + options.get("encoding"));
          return 2;
        }
        try (var writer =
            java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(file), charset)) {
          long n = audit.export(new AuditExport(format, writer));
          out.println(
              en
                  ? "Exported " + n + " audit events to " + file
                  : "監査ログ " + n + " 件を " + file + " に書き出しました");
          return 0;
        } catch (java.io.IOException e) {
          out.println((en ? "Could not write " : "書き込めません: ") + file + " (" + e + ")");
          return 1;
        }
      }
    };
  }

  /**
   * {@code --mamori.cli.command=audit-archive --mamori.cli.file=PATH
   * --mamori.cli.before=YYYY-MM-DD}: writes the events before that day (JST) — older than {@code
   * mamori.audit.retention} — to PATH as JSON Lines with their checkpoints (for external media,
   * AU-3), forces them to disk, then removes them up to the last signed checkpoint before the day
   * (AU-1). Exit 0 archived, 2 refused.
   */
  @Bean
  @CliCommand.Names("audit-archive")
  CliCommand auditArchiveCommand(AuditLog audit, AuditSettings settings) {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-archive");
      }

      @Override
      public List<String> options() {
        return List.of("file", "before", "lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, PrintStream out) {
        boolean en = "en".equals(options.get("lang"));
        String file = options.get("file");
        java.time.Instant before;
        try {
          before =
              java.time.LocalDate.parse(String.valueOf(options.get("before")))
                  .atStartOfDay(java.time.ZoneId.of("Asia/Tokyo"))
                  .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
          out.println(
              (en
                      ? "expected --mamori.cli.before=YYYY-MM-DD (events before that day); found "
                      : "--mamori.cli.before=YYYY-MM-DD (この日より前の記録) を指定してください。指定: ")
                  + options.get("before"));
          return 2;
        }
        if (file == null || file.isBlank()) {
          out.println(
              en
                  ? "expected --mamori.cli.file=PATH (the archive on external media); found none"
                  : "書き出し先 --mamori.cli.file=PATH (外部媒体) を指定してください (指定なし)");
          return 2;
        }
        java.nio.file.Path path = java.nio.file.Path.of(file);
        if (java.nio.file.Files.exists(path)) {
          out.println(
              (en ? "expected a new file; found an existing one: " : "既存のファイルには書き出しません: ") + file);
          return 2;
        }
        try (java.io.FileOutputStream stream = new java.io.FileOutputStream(path.toFile());
            java.io.Writer writer =
                new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8) {
                  @Override
                  public void flush() throws java.io.IOException {
                    super.flush();
                    stream.getFD().sync(); // on the medium before anything is removed
                  }
                }) {
          AuditLog.Archived done =
              audit.archive(
                  before,
                  settings.retention(),
                  new AuditExport(AuditExport.Format.JSONL, writer),
                  path.toAbsolutePath().toString(),
                  "mamori:cli");
          out.println(
              en
                  ? "Archived "
                      + done.events()
                      + " audit events to "
                      + file
                      + "; the log now starts after event "
                      + done.baseSeq()
                  : "監査ログ "
                      + done.events()
                      + " 件を "
                      + file
                      + " に保管し、削除しました (記録はイベント "
                      + done.baseSeq()
                      + " の次から)");
          return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
          out.println((en ? "Nothing archived: " : "保管しませんでした: ") + e.getMessage());
          try {
            java.nio.file.Files.deleteIfExists(path);
          } catch (java.io.IOException ignored) {
            // the message above says nothing was archived
          }
          return 2;
        } catch (java.io.IOException e) {
          out.println((en ? "Could not write " : "書き込めません: ") + file + " (" + e + ")");
          return 1;
        }
      }
    };
  }

  /**
   * {@code --mamori.cli.command=audit-verify}: exit 0 intact, 3 broken; the steps back of the clock
   * between events (AU-6) are listed either way.
   */
  @Bean
  @CliCommand.Names("audit-verify")
  CliCommand auditVerifyCommand(AuditLog audit) {
    return new CliCommand() {
      @Override
      public List<String> commands() {
        return List.of("audit-verify");
      }

      @Override
      public List<String> options() {
        return List.of("lang");
      }

      @Override
      public int execute(String command, Map<String, String> options, PrintStream out) {
        boolean en = "en".equals(options.get("lang"));
        Progress progress = Progress.to(System.err, "検証 / verify", 0);
        Verification v = audit.verify(Map.of(), progress::total, progress);
        progress.finish();
        if (v.intact()) {
          out.println(
              en
                  ? "Audit log intact: " + v.events() + " events, last " + v.lastSeq()
                  : "監査ログは改ざんされていません: " + v.events() + " 件、最終 " + v.lastSeq());
        } else {
          out.println(
              en
                  ? "Audit log TAMPERED: " + v.problems().size() + " finding(s)"
                  : "監査ログの改ざんを検出しました: " + v.problems().size() + " 件");
          v.problems().forEach(p -> out.println("  " + p));
        }
        if (!v.clockSteps().isEmpty()) {
          out.println(
              en
                  ? "Clock stepped back before " + v.clockSteps().size() + " event(s) (AU-6):"
                  : "時刻が戻った記録があります (AU-6): " + v.clockSteps().size() + " 件");
          v.clockSteps().forEach(step -> out.println("  " + step));
        }
        return v.intact() ? 0 : 3;
      }
    };
  }
}
