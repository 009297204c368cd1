package jp.mamori.authz.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.policy.Enforces;

/**
 * Whether the HR export is current. A run on the same export as the previous run plans nothing —
 * and leavers are then never processed while everything looks green. Each plan records its export's
 * SHA-256 and modification time; an export whose content has not changed (or whose file is older)
 * for longer than {@code mamori.lifecycle.hr-export-max-unchanged} raises an alert on the
 * dashboard, an audit record and the metric {@code mamori.hr.export.unchanged}, and the plan says
 * so. A changed export resolves the alert.
 */
@Enforces(
    value = {"LC-1", "LC-2"},
    ja = "人事データが一定期間更新されていなければ警告し、計画に表示する (退職者の処理漏れを防ぐ)",
    en =
        "Alerts when the HR export has not changed for longer than allowed and says so in the plan (leavers would otherwise go unprocessed)")
final class ExportFreshness {

  /** Alert kind on the dashboard. */
  public static final String ALERT = "HR_EXPORT_STALE";

  /** The export as this run saw it. */
  record Seen(Path file, String sha256, Instant modifiedAt) {}

  private final Duration maxUnchanged;
  private final PlanStore plans;
  private final Optional<Alerts> alerts;
  private final AuditLog audit;
  private final Clock clock;
  private final AtomicLong unchangedSeconds = new AtomicLong();

  /**
   * @param maxUnchanged how long the export may stay the same before it is taken for stale
   * @param stores where the earlier plans' exports are read (the service's, see {@link
   *     LifecycleStores})
   * @param alerts where the alert is raised (the dashboard); empty: the plan and the audit log only
   */
  public ExportFreshness(
      Duration maxUnchanged,
      LifecycleStores stores,
      Optional<Alerts> alerts,
      AuditLog audit,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    if (maxUnchanged.isNegative() || maxUnchanged.isZero()) {
      throw new IllegalArgumentException(
          "mamori.lifecycle.hr-export-max-unchanged: expected a positive duration such as P2D,"
              + " found "
              + maxUnchanged);
    }
    this.maxUnchanged = maxUnchanged;
    this.plans = stores.plans();
    this.alerts = alerts;
    this.audit = audit;
    this.clock = clock;
    io.micrometer.core.instrument.Gauge.builder(
            "mamori.hr.export.unchanged", unchangedSeconds, AtomicLong::doubleValue)
        .description("seconds the HR export read by the last plan has been unchanged")
        .baseUnit("seconds")
        .register(metrics);
  }

  /** Reads the export's fingerprint and modification time. */
  static Seen see(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      String sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      return new Seen(file, sha, Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " for its fingerprint", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The warnings for a plan on this export: the same content as the previous plan's, and — beyond
   * the allowed time — stale. Reads the earlier plans only; {@link #signal} acts on the result.
   */
  List<Reason> warnings(Seen seen) {
    Instant now = clock.instant();
    List<Reason> warnings = new ArrayList<>();
    Optional<PlanStore.PlannedExport> previous = plans.newestExport();
    Instant since = seen.modifiedAt();
    if (previous.isPresent() && seen.sha256().equals(previous.get().sha256())) {
      // the first plan of the run of plans on this very content
      Instant firstSeen = plans.firstPlannedOn(seen.sha256());
      since = firstSeen.isBefore(since) ? firstSeen : since;
      warnings.add(
          Reason.of(
              "人事ファイルの内容は前回の計画 (#" + previous.get().id() + ") と同じです",
              "the HR export is the same as the previous plan's (#" + previous.get().id() + ")",
              "LC-1"));
    }
    Duration unchanged = Duration.between(since, now);
    unchangedSeconds.set(Math.max(0, unchanged.toSeconds()));
    if (unchanged.compareTo(maxUnchanged) > 0) {
      warnings.add(
          Reason.of(
              "人事ファイルは "
                  + days(unchanged)
                  + " 日間更新されていません (許容 "
                  + days(maxUnchanged)
                  + " 日): 人事給与システムからの出力が止まっていると、退職者・異動者が処理されません",
              "the HR export has not changed for "
                  + days(unchanged)
                  + " days (allowed: "
                  + days(maxUnchanged)
                  + "): if the HR system stopped exporting, leavers and movers are not processed",
              "LC-1",
              "LC-2"));
    }
    return warnings;
  }

  /** Whether these warnings call the export stale. */
  static boolean stale(List<Reason> warnings) {
    return warnings.stream().anyMatch(r -> r.requirementIds().contains("LC-2"));
  }

  /** Raises (or, for a fresh export, resolves) the dashboard alert; a stale export is audited. */
  void signal(Seen seen, List<Reason> warnings, long planId) {
    String file = seen.file().toAbsolutePath().toString();
    // one alert for the HR export, whatever the file is called (some deliver dated names)
    String subject = "hr-export";
    if (!stale(warnings)) {
      alerts.ifPresent(a -> a.resolve(ALERT, subject, "mamori:lifecycle-plan/" + planId));
      return;
    }
    Reason reason =
        warnings.stream()
            .filter(r -> r.requirementIds().contains("LC-2"))
            .findFirst()
            .orElseThrow();
    alerts.ifPresent(a ->
        a.raise(
            ALERT,
            subject,
            new Bilingual(reason.ja() + " (" + file + ")", reason.en() + " (" + file + ")"),
            "LC-1"));
    audit.append(
        new AuditChain.Entry(
            ALERT,
            "mamori:lifecycle",
            "lifecycle-plan/" + planId,
            AuditLog.detail(
                Map.of(
                    "file", file,
                    "sha256", seen.sha256(),
                    "modifiedAt", seen.modifiedAt().toString(),
                    "unchangedSeconds", unchangedSeconds.get())),
            "LC-1"));
  }

  private static long days(Duration d) {
    return Math.max(1, (d.toHours() + 23) / 24);
  }
}
