package jp.mamori.authz.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.credential.CredentialQueries;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.governance.Inventories;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.privileged.PrivilegedQueries;
import jp.mamori.authz.realm.RealmQueries;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

/**
 * The reports over the features' published queries, with in-memory answers instead of a database
 * (the SQL behind the queries is covered by {@code ReportsIT}): what each report makes of the
 * records it is given.
 */
class ReportsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Test
  void privilegedWhenAccountUsedThenMinutesRoundedAndPeopleSpaceSeparated() {
    PrivilegedQueries privileged =
        new PrivilegedQueries() {
          @Override
          public List<AccountUse> accountUse(Instant since) {
            assertThat(since).isEqualTo(NOW.minus(Reports.PERIOD));
            return List.of(
                new AccountUse(
                    "adm-db",
                    "database administrator",
                    "owner1",
                    List.of("alice", "bob"),
                    List.of("carol"),
                    2,
                    150,
                    1,
                    "alice",
                    Optional.of(Instant.parse("2026-11-30T15:00:00Z"))));
          }

          @Override
          public CheckoutCounts checkoutCounts(Instant now) {
            throw new UnsupportedOperationException();
          }
        };

    Report r = reports(queries().privileged(privileged).build()).generate("privileged");

    assertThat(r.rows().getFirst().cells())
        .containsExactly(
            "adm-db",
            "database administrator",
            "owner1",
            "alice bob",
            "carol",
            "2",
            "3",
            "1",
            "alice",
            "2026-12-01 00:00:00 +09:00");
  }

  @Test
  void lockoutsWhenEventsThenKindsAskedForAndKeycloakEventsWithoutActor() {
    AtomicReference<Set<String>> asked = new AtomicReference<>();
    AuditQueries audit =
        new AuditQueries() {
          @Override
          public List<Event> events(Instant since, Set<String> kinds) {
            asked.set(kinds);
            return List.of(
                new Event(
                    1,
                    NOW,
                    "82001",
                    "keycloak",
                    "KEYCLOAK_LOGIN_ERROR_LOCKED",
                    "{\"ip\":\"192.0.2.1\"}"),
                new Event(2, NOW, "82001", "admin1", "ACCOUNT_UNLOCK", "{\"reason\":\"本人確認済み\"}"));
          }

          @Override
          public Map<String, Long> latestCiting() {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<Event> events(Collection<Long> seqs) {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<Event> about(Collection<String> subjects, int limit) {
            throw new UnsupportedOperationException();
          }
        };

    Report r = reports(queries().audit(audit).build()).generate("lockouts");

    assertThat(asked.get())
        .containsExactlyInAnyOrder(
            "KEYCLOAK_LOGIN_ERROR_LOCKED", "ACCOUNT_UNLOCK", "ACCOUNT_REPORTED_NOT_ME");
    assertThat(r.rows().get(0).cells().subList(3, 5)).containsExactly("", "192.0.2.1");
    assertThat(r.rows().get(1).cells().subList(3, 5)).containsExactly("admin1", "本人確認済み");
  }

  @Test
  void driftWhenNotRestoredThenSaidSoAndRequirementsOfTheSetting() {
    RealmQueries realm =
        since ->
            List.of(
                new RealmQueries.Drift(
                    NOW,
                    "mamori",
                    "bruteForceProtected",
                    "true",
                    "false",
                    List.of("LG-1", "AU-5"),
                    Optional.empty()));

    Report r = reports(queries().realm(realm).build()).generate("drift");

    assertThat(r.rows().getFirst().cells().get(5)).isEqualTo("未復元 / not restored");
    assertThat(r.rows().getFirst().requirementIds()).containsExactly("LG-1", "AU-5");
  }

  @Test
  void inventoryWhenOneRanThenDeadlineAsTheDriverPrintsItAndSectionsTallied() {
    for (Instant deadline :
        List.of(Instant.parse("2026-12-31T08:00:00Z"), Instant.parse("2026-12-31T08:00:00.120Z"))) {
      GovernanceQueries governance =
          (GovernanceQueries)
              Proxy.newProxyInstance(
                  GovernanceQueries.class.getClassLoader(),
                  new Class<?>[] {GovernanceQueries.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "latestInventory" ->
                            Optional.of(
                                new GovernanceQueries.Inventory(7, "2026年度", deadline, "OPEN"));
                        case "tallies" ->
                            List.of(new GovernanceQueries.SectionTally("総務課", 3, 1, 1, 1, 0, 0));
                        default -> throw new AssertionError("unexpected query " + method.getName());
                      });

      Report r = reports(queries().governance(governance).build()).generate("inventory");

      // the text the report printed when it read the deadline with SQL (java.sql.Timestamp's)
      assertThat(r.scopeEn())
          .isEqualTo("ID inventory #7 (deadline " + Timestamp.from(deadline) + ", OPEN)");
      assertThat(r.rows().getFirst().cells()).containsExactly("総務課", "3", "1", "1", "1", "0", "0");
    }
  }

  private static Reports reports(Reports.Queries queries) {
    return new Reports(
        queries,
        List.of(),
        () -> new Inventories.HrView("test", Map.of()),
        sections -> List.of(),
        PolicyLoader.loadDefault(),
        Clock.fixed(NOW, TOKYO),
        TOKYO);
  }

  /** Queries that each fail when a report asks what the test did not expect it to. */
  private static TestQueries queries() {
    return new TestQueries();
  }

  private static final class TestQueries {
    private PrivilegedQueries privileged = unexpected(PrivilegedQueries.class);
    private AuditQueries audit = unexpected(AuditQueries.class);
    private final CredentialQueries credential = unexpected(CredentialQueries.class);
    private GovernanceQueries governance = unexpected(GovernanceQueries.class);
    private final LifecycleQueries lifecycle = unexpected(LifecycleQueries.class);
    private RealmQueries realm = unexpected(RealmQueries.class);

    TestQueries privileged(PrivilegedQueries q) {
      privileged = q;
      return this;
    }

    TestQueries audit(AuditQueries q) {
      audit = q;
      return this;
    }

    TestQueries governance(GovernanceQueries q) {
      governance = q;
      return this;
    }

    TestQueries realm(RealmQueries q) {
      realm = q;
      return this;
    }

    Reports.Queries build() {
      return new Reports.Queries(privileged, audit, credential, governance, lifecycle, realm);
    }

    private static <T> T unexpected(Class<T> type) {
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (proxy, method, args) -> {
                throw new AssertionError("unexpected query " + method.getName());
              }));
    }
  }
}
