package jp.mamori.authz.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.policy.Enforces;

/**
 * Periodic review of the records (AU-4). Mamori prepares the analysis of a period — events by kind,
 * accounts with the most failed logins, tries while locked out, logins outside office hours,
 * emergency privileged uses, exceptions and sanctions, alerts — and an auditor or the CISO signs
 * the review off with their findings; the sign-off is recorded in the audit log. When no review has
 * been signed for longer than the review period, the alert {@code AUDIT_REVIEW_OVERDUE} is raised;
 * it is resolved by the next sign-off.
 */
@Enforces(
    value = {"AU-4"},
    ja = "監査ログの期間ごとの分析を用意し、監査担当・CISO の確認と所見を記録し、確認が遅れたら警告する",
    en =
        "Prepares each period's analysis of the audit log, records the auditor's or CISO's sign-off"
            + " and findings, and alerts when a review is overdue")
class AuditReviews {

  /** A signed review. */
  public record Review(
      long id,
      String reviewedBy,
      Instant reviewedAt,
      Instant from,
      Instant to,
      long upToSeq,
      String findings) {}

  /** A refusal with what was expected. */
  public static final class Refused extends Refusal {
    Refused(String message) {
      super(
          Fault.INVALID,
          "AUDIT_REVIEW_INVALID",
          new Bilingual("監査ログの確認: 指定が正しくありません", "audit review: invalid request"),
          message,
          "AU-4");
    }
  }

  /** One line of the analysis: what, how many, and the requirement it concerns. */
  public record Finding(String ja, String en, long count, String requirementId) {}

  /** Office hours in the municipality's time zone; logins outside them are counted. */
  static final LocalTime OFFICE_START = LocalTime.of(7, 0);

  static final LocalTime OFFICE_END = LocalTime.of(22, 0);

  private final AuditReviewStore store;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Duration every;
  private final Clock clock;
  private final ZoneId zone;

  /**
   * @param every the longest time between two reviews ({@code mamori.audit.review-every})
   */
  public AuditReviews(
      AuditReviewStore store,
      AuditLog audit,
      Alerts alerts,
      Duration every,
      Clock clock,
      ZoneId zone) {
    this.store = store;
    this.audit = audit;
    this.alerts = alerts;
    this.every = every;
    this.clock = clock;
    this.zone = zone;
  }

  /** The analysis of {@code [from, to)}. */
  public List<Finding> analyse(Instant from, Instant to) {
    requirePeriod(from, to);
    List<Finding> out = new ArrayList<>();
    out.add(new Finding("記録された事象", "events recorded", store.events(from, to), "AU-1"));
    out.add(new Finding("ログイン失敗", "failed logins", store.failedLogins(from, to), "LG-1"));
    out.add(
        new Finding(
            "ロック中のログイン試行",
            "logins tried while locked out",
            store.triesWhileLocked(from, to),
            "LG-1"));
    for (AuditReviewStore.Failures many : store.manyFailures(from, to)) {
      out.add(
          new Finding(
              "ログイン失敗の多いアカウント: " + many.subject(),
              "account with many failed logins: " + many.subject(),
              many.count(),
              "LG-1"));
    }
    long offHours =
        store.logins(from, to).stream()
            .map(at -> at.atZone(zone).toLocalTime())
            .filter(time -> time.isBefore(OFFICE_START) || !time.isBefore(OFFICE_END))
            .count();
    out.add(
        new Finding(
            "業務時間外 (" + OFFICE_END + "–" + OFFICE_START + ") のログイン",
            "logins outside office hours (" + OFFICE_END + "–" + OFFICE_START + ")",
            offHours,
            "AU-4"));
    for (String[] k :
        new String[][] {
          {"EMERGENCY_REQUESTED", "特権IDの緊急利用", "emergency privileged uses", "PR-5"},
          {"EXCEPTION_EMERGENCY", "緊急の例外措置", "emergency exceptions", "GV-3"},
          {"EXCEPTION_APPROVED", "承認された例外措置", "exceptions approved", "GV-3"},
          {"VIOLATION_RECORDED", "記録された違反", "violations recorded", "GV-4"},
          {"SANCTION_IMPOSED", "処分", "sanctions imposed", "GV-4"},
          {"REALM_DRIFT", "ポリシーとの差異", "realm drift found", "AU-5"}
        }) {
      out.add(new Finding(k[1], k[2], store.eventsOfKind(from, to, k[0]), k[3]));
    }
    out.add(new Finding("発生した警告", "alerts raised", store.alertsRaised(from, to), "AU-4"));
    return out;
  }

  /** An auditor or the CISO signs off the review of {@code [from, to)} with their findings. */
  public Review signOff(String reviewer, Instant from, Instant to, String findings) {
    requirePeriod(from, to);
    if (findings == null || findings.isBlank() || findings.length() > 4000) {
      throw new Refused(
          "findings: expected what the review found (\"no findings\" is a finding), up to 4000"
              + " characters; found "
              + (findings == null || findings.isBlank()
                  ? "nothing"
                  : findings.length() + " characters"));
    }
    Instant now = clock.instant();
    if (to.isAfter(now)) {
      throw new Refused("to: expected a period that has ended (up to now); found " + to);
    }
    long upTo = store.upToSeq(to);
    long id =
        audit.recorded(
            () -> store.insert(reviewer, now, from, to, upTo, findings.strip()),
            created -> {
              Map<String, Object> fields = new LinkedHashMap<>();
              fields.put("review", created);
              fields.put("from", from.toString());
              fields.put("to", to.toString());
              fields.put("upToSeq", upTo);
              fields.put("findings", findings.strip());
              return new Entry(
                  "AUDIT_REVIEWED", reviewer, "audit/review", AuditLog.detail(fields), "AU-4");
            });
    alerts.resolve("AUDIT_REVIEW_OVERDUE", "audit/review", reviewer);
    return reviews().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
  }

  /** Raises the overdue alert when the last sign-off is older than the review period. */
  public boolean flagOverdue() {
    Instant now = clock.instant();
    Optional<Instant> last = store.lastReview();
    Instant since = last.orElseGet(() -> store.firstEvent().orElse(now));
    if (since.plus(every).isAfter(now)) {
      return false;
    }
    alerts.raise(
        "AUDIT_REVIEW_OVERDUE",
        "audit/review",
        new Bilingual(
            "監査ログの定期確認が "
                + every.toDays()
                + " 日以上行われていません (最終: "
                + last.map(Instant::toString).orElse("なし")
                + ")",
            "The audit log has not been reviewed for "
                + every.toDays()
                + " days or more (last: "
                + last.map(Instant::toString).orElse("never")
                + ")"),
        "AU-4");
    return true;
  }

  public List<Review> reviews() {
    return store.reviews();
  }

  private static void requirePeriod(Instant from, Instant to) {
    if (from == null || to == null || !from.isBefore(to)) {
      throw new Refused(
          "from, to: expected a period with from before to (ISO-8601 instants); found "
              + from
              + " to "
              + to);
    }
  }
}
