package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Periodic review of the records (AU-4) on PostgreSQL: the analysis of a period counts what an
 * auditor looks for (failed logins and the accounts with many, tries while locked out, logins
 * outside office hours, emergency uses, sanctions); with no review for longer than the period the
 * overdue alert is raised, and the sign-off — recorded in the chain — resolves it. A policy
 * document is recorded when it is first loaded and when it changes (AU-5).
 */
class AuditReviewIT {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private TestDatabase database;
  private MutableClock clock;
  private AuditLog audit;
  private Alerts alerts;
  private AuditReviews reviews;

  @BeforeEach
  void start() {
    database = TestDatabase.start();
    // 2027-04-01 10:00 JST
    clock = new MutableClock(Instant.parse("2027-04-01T01:00:00Z"));
    audit = database.audit(clock);
    alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    reviews =
        new AuditReviews(
            new AuditReviewStore(database.jdbc()),
            audit,
            alerts,
            Duration.ofDays(30),
            clock,
            TOKYO);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  private void event(String kind, String subject) {
    audit.append(new Entry(kind, subject, subject, "{}", "AU-1"));
  }

  @Test
  void analysisWhenPeriodSeededThenCountsWhatAnAuditorLooksFor() {
    Instant from = clock.instant();
    event("KEYCLOAK_LOGIN", "u1"); // 10:00 JST, office hours
    for (int i = 0; i < 3; i++) {
      event("KEYCLOAK_LOGIN_ERROR", "u2");
    }
    event("KEYCLOAK_LOGIN_ERROR_LOCKED", "u2");
    clock.advance(Duration.ofHours(13).plusMinutes(30)); // 23:30 JST
    event("KEYCLOAK_LOGIN", "u3");
    event("PRIVILEGED_EMERGENCY_REQUESTED", "juki-dba");
    event("SANCTION_IMPOSED", "u2");
    clock.advance(Duration.ofHours(1));
    Instant to = clock.instant();

    Map<String, Long> found =
        reviews.analyse(from, to).stream()
            .collect(Collectors.toMap(AuditReviews.Finding::en, AuditReviews.Finding::count));
    assertThat(found)
        .containsEntry("events recorded", 8L)
        .containsEntry("failed logins", 4L)
        .containsEntry("logins tried while locked out", 1L)
        .containsEntry("account with many failed logins: u2", 4L)
        .containsEntry("logins outside office hours (22:00–07:00)", 1L)
        .containsEntry("emergency privileged uses", 1L)
        .containsEntry("sanctions imposed", 1L)
        .containsEntry("violations recorded", 0L);
    assertThatThrownBy(() -> reviews.analyse(to, from))
        .hasMessageContaining("expected a period with from before to");
  }

  @Test
  void reviewWhenOverdueThenAlertAndSignOffRecordedAndResolvesIt() {
    event("KEYCLOAK_LOGIN", "u1");
    clock.advance(Duration.ofDays(20));
    assertThat(reviews.flagOverdue()).as("within the period").isFalse();
    clock.advance(Duration.ofDays(11));
    assertThat(reviews.flagOverdue()).isTrue();
    assertThat(open()).singleElement().asString().contains("AU-4");

    Instant to = clock.instant().minus(Duration.ofDays(1));
    assertThatThrownBy(() -> reviews.signOff("auditor-ito", to.minus(Duration.ofDays(30)), to, " "))
        .hasMessageContaining("findings: expected");
    assertThatThrownBy(() ->
            reviews.signOff("auditor-ito", to, clock.instant().plus(Duration.ofDays(1)), "所見なし"))
        .hasMessageContaining("a period that has ended");

    AuditReviews.Review review =
        reviews.signOff("auditor-ito", to.minus(Duration.ofDays(30)), to, "所見なし。ログイン失敗の傾向に異常なし");
    assertThat(review.upToSeq()).isEqualTo(1);
    assertThat(open()).as("resolved by the sign-off").isEmpty();
    assertThat(reviews.flagOverdue()).isFalse();
    assertThat(reviews.reviews())
        .extracting(AuditReviews.Review::reviewedBy)
        .containsExactly("auditor-ito");
    List<String> kinds =
        database.jdbc().sql("select kind from audit_event order by seq").query(String.class).list();
    assertThat(kinds).endsWith("AUDIT_REVIEWED");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void policyWhenLoadedThenRecordedOnceAndAChangeRecordedWithThePrevious() {
    PolicyRecord record = new PolicyRecord(new AuditStores(database.jdbc()), audit);
    String first = PolicyRecord.fingerprint(List.of("a: 1".getBytes()));
    String second = PolicyRecord.fingerprint(List.of("a: 2".getBytes()));
    assertThat(record.record("shipped default", first, "mamori:startup")).isPresent();
    assertThat(record.record("shipped default", first, "mamori:startup"))
        .as("the same policy at the next start")
        .isEmpty();
    AuditChain.Event changed =
        record.record("override /etc/mamori/policy.yaml", second, "ops").orElseThrow();
    assertThat(changed.kind()).isEqualTo("POLICY_CHANGED");
    assertThat(changed.detail()).contains(first, second, "/etc/mamori/policy.yaml");
    assertThat(changed.requirementIds()).isEqualTo("AU-5");
  }

  private List<String> open() {
    return alerts.open().stream()
        .filter(a -> a.kind().equals("AUDIT_REVIEW_OVERDUE"))
        .map(a -> a.requirementId() + " " + a.detailJa())
        .toList();
  }
}
