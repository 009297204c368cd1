package jp.mamori.authz.privileged;

import static jp.mamori.authz.privileged.PrivilegedStack.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.lifecycle.LifecycleService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaver keeps no privileged checkout (PR-3, PR-4, LC-2), on the real directory (UnboundID),
 * Keycloak and PostgreSQL: the person holding a directory administrator's password retires; the
 * lifecycle run that disables their account also checks the checkout in — the revealed password no
 * longer binds — and takes them off the ID's eligible list, each step recorded (privileged events
 * and the audit log) and the owner told. A person transferred out loses a request still waiting and
 * their eligibility the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderStopsIT {

  private static final String REALM = "it-holder-stops";
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

  @TempDir static Path dir;

  private PrivilegedStack stack;
  private TestDatabase database;
  private PrivilegedAccess access;
  private LifecycleService lifecycle;

  @BeforeAll
  void start() throws Exception {
    stack = PrivilegedStack.start(REALM, "it-holder-stops-direct");
    database = stack.database();
    Clock clock = Clock.systemUTC();
    PrivilegedFixture privileged =
        PrivilegedFixture.on(
            database, stack.directory(), stack.admin(), REALM, stack.policy(), clock);
    access = privileged.access();
    lifecycle = stack.lifecycle(clock, database.audit(clock), privileged.holderStops());
    run(
        hr(
            row("62001", "特権 一郎", "トッケン イチロウ", "S01", "01"),
            row("62002", "承認 二郎", "ショウニン ジロウ", "S01", "01"),
            row("62003", "異動 三郎", "イドウ サブロウ", "S01", "01"),
            row("62004", "同僚 四郎", "ドウリョウ シロウ", "S01", "01")),
        Set.of("62001", "62002", "62003", "62004"));
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @Test
  void retireWhenHoldingACheckoutThenCheckedInPasswordRotatedEligibilityWithdrawnAndRecorded()
      throws Exception {
    PrivilegedAccount account = directoryAccount("srv-admin-1", Set.of("62001", "62004"));
    Checkout c =
        access.request(
            account.id(), "62001", "月次パッチ適用", "CHG-0101", null, Duration.ofHours(2), false);
    access.approve(c.id(), "62002", "作業計画書を確認");
    char[] password = access.activate(c.id(), "62001").password().orElseThrow();
    assertThat(binds(account.target(), new String(password))).isTrue();

    run(hr(row("62001", "特権 一郎", "トッケン イチロウ", "S01", "04", TODAY.minusDays(1))), Set.of("62001"));

    assertThat(access.checkout(c.id()).orElseThrow().state())
        .as("the checkout ends with the account, not at its deadline")
        .isEqualTo(Checkout.State.CHECKED_IN);
    assertThat(binds(account.target(), new String(password)))
        .as("the administrator password the leaver saw no longer works")
        .isFalse();
    assertThat(access.account(account.id()).orElseThrow().eligible()).containsExactly("62004");
    assertThat(access.events(c.id()).stream().map(PrivilegedAccess.Event::action))
        .contains("HOLDER_STOPPED");
    assertThat(access.accountEvents(account.id()).stream().map(PrivilegedAccess.Event::action))
        .contains("ELIGIBILITY_WITHDRAWN");
    assertThat(
            database
                .jdbc()
                .sql(
                    "select kind from audit_event where subject = ? and kind in"
                        + " ('PRIVILEGED_HOLDER_STOPPED', 'PRIVILEGED_ELIGIBILITY_WITHDRAWN')"
                        + " order by seq")
                .param("privileged/" + account.id())
                .query(String.class)
                .list())
        .containsExactly("PRIVILEGED_HOLDER_STOPPED", "PRIVILEGED_ELIGIBILITY_WITHDRAWN");
    assertThat(
            database
                .jdbc()
                .sql("select count(*) from notification where recipient = '62002'")
                .query(Integer.class)
                .single())
        .as("the owner is told")
        .isPositive();
  }

  @Test
  void transferWhenARequestIsWaitingThenCancelledAndEligibilityWithdrawn() throws Exception {
    PrivilegedAccount account = directoryAccount("srv-admin-2", Set.of("62003"));
    Checkout c =
        access.request(account.id(), "62003", "障害調査", "INC-0007", null, Duration.ofHours(1), false);

    run(hr(row("62003", "異動 三郎", "イドウ サブロウ", "K01", "01", TODAY)), Set.of("62003"));

    assertThat(access.checkout(c.id()).orElseThrow().state()).isEqualTo(Checkout.State.CANCELLED);
    assertThat(access.account(account.id()).orElseThrow().eligible()).isEmpty();
    assertThat(access.events(c.id()).stream().map(PrivilegedAccess.Event::detail))
        .anySatisfy(d -> assertThat(d).contains("異動 / transferred"));
  }

  private PrivilegedAccount directoryAccount(String id, Set<String> eligible) throws Exception {
    return stack.directoryAccount(access, id, "62002", eligible, Set.of("62002"), false);
  }

  /**
   * A lifecycle run for these people only (the tests of this class keep out of each other's way).
   */
  private void run(Path file, Set<String> people) throws Exception {
    PrivilegedStack.run(lifecycle, file, people, TODAY);
  }

  private boolean binds(String dn, String password) {
    return stack.binds(dn, password);
  }

  private Path hr(String... rows) throws Exception {
    return PrivilegedStack.hr(dir, rows);
  }
}
