package jp.mamori.authz.privileged;

import static jp.mamori.authz.privileged.PrivilegedStack.ADMINS;
import static jp.mamori.authz.privileged.PrivilegedStack.INITIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mamori.authz.MutableClock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.alert.AlertStore;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.directory.PrivilegedDirectoryAccounts;
import jp.mamori.hrsync.keycloak.KeycloakPrivilegedRoles;
import jp.mamori.policy.Policy;
import jp.mamori.policy.TemporaryPasswordRules;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Privileged checkouts on the real PostgreSQL schema, a real directory over LDAP and the real
 * Keycloak (issue 6): the whole flow for a directory account (the revealed password works until
 * check-in and not after) and for a Keycloak role; check-in at the stored deadline once across two
 * instances; the exclusivity race; a rotation that fails while the directory is down and is retried
 * until it succeeds, the account never offered meanwhile; self-approval, contractors, requests not
 * approved in time; emergency use with its overdue report; idle rotation; a role held outside a
 * checkout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegedAccessIT {

  static final String REALM = "it-privileged";
  private PrivilegedStack stack;
  private TestDatabase database;
  private EmbeddedDirectory ldap;
  private LdapDirectory directory;
  private Keycloak admin;
  private Policy policy;
  private MutableClock clock;
  private Alerts alerts;
  private PrivilegedAccess access;
  private int serial;

  @BeforeAll
  void start() throws Exception {
    stack = PrivilegedStack.start(REALM, "it-privileged-direct");
    database = stack.database();
    ldap = stack.ldap();
    directory = stack.directory();
    admin = stack.admin();
    policy = stack.policy();
    for (String[] person :
        new String[][] {
          {"p-requester", "REGULAR"},
          {"p-approver", "REGULAR"},
          {"p-contractor", "CONTRACTOR"},
          {"p-unknown", null}
        }) {
      UserRepresentation user = new UserRepresentation();
      user.setUsername(person[0]);
      user.setEnabled(true);
      if (person[1] != null) {
        user.setAttributes(Map.of("employmentType", List.of(person[1])));
      }
      admin.realm(REALM).users().create(user).close();
    }
    RoleRepresentation role = new RoleRepresentation();
    role.setName("juki-admin");
    admin.realm(REALM).roles().create(role);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  @BeforeEach
  void service() {
    database
        .jdbc()
        .sql(
            "truncate privileged_event, privileged_checkout, privileged_account, alert,"
                + " notification")
        .update();
    clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
    alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    access = instance("instance-a");
  }

  private PrivilegedAccess instance(String name) {
    return instance(name, username -> Optional.empty());
  }

  private PrivilegedAccess instance(
      String name, java.util.function.Function<String, Optional<String>> sanctioned) {
    KeycloakPrivilegedRoles roles = new KeycloakPrivilegedRoles(admin, REALM);
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    TemporaryPasswordRules length = new TemporaryPasswordRules(24, Duration.ofDays(1));
    return new PrivilegedAccess(
        new PrivilegedStore(database.jdbc(), database.audit(clock), clock, name),
        new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())),
        new PrivilegedTargets(
            Optional.of(new PrivilegedDirectoryAccounts(directory)),
            roles,
            () -> generator.generate(policy.password(), length)),
        new Alerts(new AlertStore(database.jdbc()), clock),
        username -> PrivilegedConfiguration.affiliation(roles, username),
        policy.privileged(),
        sanctioned);
  }

  /** A privileged directory account with a known initial password. */
  private PrivilegedAccount directoryAccount(boolean emergency) throws Exception {
    return stack.directoryAccount(
        access,
        "srv-admin-" + (++serial),
        "p-approver",
        Set.of("p-requester", "p-contractor"),
        Set.of("p-approver", "p-contractor", "p-unknown", "p-requester"),
        emergency);
  }

  private Checkout approved(PrivilegedAccount account, Duration duration) {
    Checkout c =
        access.request(account.id(), "p-requester", "月次パッチ適用", "CHG-0042", null, duration, false);
    return access.approve(c.id(), "p-approver", "作業計画書を確認");
  }

  private boolean binds(String dn, String password) {
    return stack.binds(dn, password);
  }

  private List<String> actions(long checkoutId) {
    return access.events(checkoutId).stream().map(PrivilegedAccess.Event::action).toList();
  }

  @Test
  void sanctionedPersonWhenRequestingOrTakingThenRefusedUnderTheSanction() throws Exception {
    java.util.Set<String> sanctioned = new java.util.HashSet<>();
    access =
        instance(
            "instance-a",
            username ->
                sanctioned.contains(username)
                    ? Optional.of("処分 #7 停止 (特権IDの貸出)")
                    : Optional.empty());
    PrivilegedAccount account = directoryAccount(false);
    Checkout approved = approved(account, Duration.ofHours(1));

    sanctioned.add("p-requester"); // GV-4: privileged checkouts taken away after the approval
    assertThatThrownBy(() -> access.activate(approved.id(), "p-requester"))
        .isInstanceOfSatisfying(
            Refused.class,
            r -> {
              assertThat(r.code()).isEqualTo("SANCTIONED");
              assertThat(r.requirementId()).isEqualTo("GV-4");
              assertThat(r.getMessage()).contains("処分 #7");
            });
    assertThatThrownBy(() ->
            access.request(
                account.id(), "p-requester", "再申請", "CHG-0043", null, Duration.ofHours(1), false))
        .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.code()).isEqualTo("SANCTIONED"));

    sanctioned.clear();
    assertThat(access.activate(approved.id(), "p-requester").password()).isPresent();
  }

  @Test
  void directoryAccountWhenApprovedAndTakenThenRevealedPasswordWorksUntilCheckIn()
      throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    Checkout requested =
        access.request(
            account.id(), "p-requester", "月次パッチ適用", "CHG-0042", null, Duration.ofHours(1), false);
    assertThat(requested.state()).isEqualTo(Checkout.State.REQUESTED);

    assertThatThrownBy(() -> access.approve(requested.id(), "p-requester", "自分で"))
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.code()).isEqualTo("SELF_APPROVAL"));
    assertThatThrownBy(() -> access.approve(requested.id(), "p-contractor", "委託先"))
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.code()).isEqualTo("CONTRACTOR_MAY_NOT"));
    assertThatThrownBy(() -> access.approve(requested.id(), "p-unknown", "不明"))
        .as(
            "an approver whose employment type is not recorded counts as contractor (deny by default)")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.requirementId()).isEqualTo("PR-3"));
    assertThatThrownBy(() -> access.activate(requested.id(), "p-requester"))
        .as("not approved yet")
        .isInstanceOf(Refused.class);

    Checkout approved = access.approve(requested.id(), "p-approver", "作業計画書を確認");
    assertThat(approved.state()).isEqualTo(Checkout.State.APPROVED);
    assertThat(approved.approver()).contains("p-approver");
    assertThatThrownBy(() -> access.activate(requested.id(), "p-approver"))
        .as("only the requester takes it (LC-6)")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.code()).isEqualTo("NOT_THE_REQUESTER"));

    PrivilegedAccess.Activated activated = access.activate(requested.id(), "p-requester");
    String password = new String(activated.password().orElseThrow());
    assertThat(activated.toString()).doesNotContain(password);
    assertThat(activated.checkout().state()).isEqualTo(Checkout.State.ACTIVE);
    assertThat(activated.checkout().expiresAt())
        .contains(clock.instant().plus(Duration.ofHours(1)));
    assertThat(binds(account.target(), INITIAL)).as("the old password is gone").isFalse();
    assertThat(binds(account.target(), password)).as("the revealed password works").isTrue();
    assertThat(access.events(requested.id()))
        .as("the password is never recorded")
        .allSatisfy(e -> assertThat(String.valueOf(e.detail())).doesNotContain(password));

    Checkout checkedIn = access.checkIn(requested.id(), "p-requester");
    assertThat(checkedIn.state()).isEqualTo(Checkout.State.CHECKED_IN);
    assertThat(checkedIn.checkedInBy()).contains("p-requester");
    assertThat(binds(account.target(), password))
        .as("at check-in the password was rotated: what was revealed stops working")
        .isFalse();
    assertThat(actions(requested.id()))
        .containsExactly(
            "REQUESTED", "APPROVED", "ACTIVATED", "PASSWORD_REVEALED", "CHECKED_IN_ROTATED");
    assertThat(access.account(account.id()).orElseThrow().lastRotatedAt())
        .contains(clock.instant());
  }

  @Test
  void activeCheckoutWhenDeadlinePassesThenTwoInstancesCheckItInExactlyOnce() throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    Checkout c = approved(account, Duration.ofMinutes(30));
    String password = new String(access.activate(c.id(), "p-requester").password().orElseThrow());
    assertThat(access.checkInDue()).as("not due yet").isZero();

    clock.advance(Duration.ofMinutes(31));
    PrivilegedAccess second = instance("instance-b");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> runs = new ArrayList<>();
    for (PrivilegedAccess instance : List.of(access, second)) {
      runs.add(
          pool.submit(() -> {
            go.await();
            return instance.checkInDue();
          }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> run : runs) {
      total += run.get();
    }
    pool.shutdown();
    assertThat(total).as("checked in by one of the two instances").isEqualTo(1);
    assertThat(actions(c.id()).stream().filter(a -> a.startsWith("CHECKED_IN"))).hasSize(1);
    Checkout after = access.checkout(c.id()).orElseThrow();
    assertThat(after.state()).isEqualTo(Checkout.State.CHECKED_IN);
    assertThat(after.checkedInBy()).contains("EXPIRY");
    assertThat(binds(account.target(), password)).isFalse();
    assertThat(access.checkInDue() + second.checkInDue()).as("nothing left to do").isZero();
  }

  @Test
  void exclusiveAccountWhenTwoApprovedCheckoutsAreTakenAtOnceThenExactlyOneSucceeds()
      throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    Checkout first = approved(account, Duration.ofHours(1));
    Checkout second = approved(account, Duration.ofHours(1));
    PrivilegedAccess other = instance("instance-b");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> runs = new ArrayList<>();
    List<Callable<String>> takes =
        List.of(() -> take(access, first.id(), go), () -> take(other, second.id(), go));
    for (Callable<String> take : takes) {
      runs.add(pool.submit(take));
    }
    go.countDown();
    List<String> outcomes = new ArrayList<>();
    for (Future<String> run : runs) {
      outcomes.add(run.get());
    }
    pool.shutdown();
    assertThat(outcomes).containsExactlyInAnyOrder("ACTIVE", "HELD_BY_ANOTHER");
  }

  private static String take(PrivilegedAccess instance, long id, CountDownLatch go)
      throws Exception {
    go.await();
    try {
      return instance.activate(id, "p-requester").checkout().state().name();
    } catch (Refused r) {
      return r.code();
    }
  }

  @Test
  void checkInWhenDirectoryIsDownThenRotationPendingRetriedAndAccountNeverOfferedMeanwhile()
      throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    Checkout c = approved(account, Duration.ofMinutes(30));
    String password = new String(access.activate(c.id(), "p-requester").password().orElseThrow());
    Checkout next = approved(account, Duration.ofHours(1));

    ldap.suspend();
    try {
      clock.advance(Duration.ofMinutes(31));
      assertThat(access.checkInDue()).isEqualTo(1);
      Checkout pending = access.checkout(c.id()).orElseThrow();
      assertThat(pending.state()).isEqualTo(Checkout.State.ROTATION_PENDING);
      assertThat(pending.rotationAttempts()).isEqualTo(1);
      assertThat(alerts.open())
          .anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo("PRIVILEGED_ROTATION_FAILED");
            assertThat(a.subject()).isEqualTo("privileged-checkout/" + c.id());
          });
      assertThatThrownBy(() -> access.activate(next.id(), "p-requester"))
          .as("the revealed password may still work: the account is not offered")
          .isInstanceOfSatisfying(
              Refused.class, r -> assertThat(r.code()).isEqualTo("HELD_BY_ANOTHER"));
      assertThat(access.retryRotations()).as("backoff not passed yet").isZero();
      clock.advance(PrivilegedAccess.backoff(1));
      assertThat(access.retryRotations()).isEqualTo(1);
      assertThat(access.checkout(c.id()).orElseThrow().rotationAttempts())
          .as("still down: the retries go on")
          .isEqualTo(2);
    } finally {
      ldap.resume();
    }
    for (int attempt = 2; attempt < 6; attempt++) {
      clock.advance(PrivilegedAccess.backoff(attempt));
      access.retryRotations();
      if (access.checkout(c.id()).orElseThrow().state() == Checkout.State.CHECKED_IN) {
        break;
      }
    }
    assertThat(access.checkout(c.id()).orElseThrow().state()).isEqualTo(Checkout.State.CHECKED_IN);
    assertThat(binds(account.target(), password)).isFalse();
    assertThat(alerts.open()).noneMatch(a -> a.kind().equals("PRIVILEGED_ROTATION_FAILED"));
    assertThat(access.activate(next.id(), "p-requester").password())
        .as("offered again once the rotation is done")
        .isPresent();
  }

  @Test
  void requestWhenNotApprovedInTimeThenExpiresAndCannotBeApproved() throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    Checkout c =
        access.request(
            account.id(), "p-requester", "障害調査", "INC-7", null, Duration.ofHours(2), false);
    assertThat(c.approvalDeadline())
        .isEqualTo(
            clock.instant().plus(policy.privileged().approvalTimeout()).isBefore(c.windowEnd())
                ? clock.instant().plus(policy.privileged().approvalTimeout())
                : c.windowEnd());
    clock.advance(Duration.ofHours(3));
    assertThat(access.expireRequests()).isEqualTo(1);
    assertThat(access.checkout(c.id()).orElseThrow().state()).isEqualTo(Checkout.State.EXPIRED);
    assertThatThrownBy(() -> access.approve(c.id(), "p-approver", "遅れて承認"))
        .isInstanceOf(Refused.class);
  }

  @Test
  void requestWhenOutsideRulesThenRefusedWithRequirement() throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    assertThatThrownBy(() ->
            access.request(account.id(), "p-approver", "x", "y", null, Duration.ofHours(1), false))
        .as("not eligible (PR-1)")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.requirementId()).isEqualTo("PR-1"));
    assertThatThrownBy(() ->
            access.request(account.id(), "p-requester", "x", "y", null, Duration.ofHours(3), false))
        .as("longer than the account's maximum (PR-5)")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.requirementId()).isEqualTo("PR-5"));
    assertThatThrownBy(() ->
            access.request(account.id(), "p-requester", "x", "y", null, Duration.ofHours(1), true))
        .as("emergency use not allowed for this account (GV-3)")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.requirementId()).isEqualTo("GV-3"));
    assertThatThrownBy(() ->
            access.request(account.id(), "p-requester", " ", "y", null, Duration.ofHours(1), false))
        .as("a purpose is required")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.code()).isEqualTo("MISSING_PURPOSE"));
    assertThatThrownBy(() ->
            access.register(
                new PrivilegedAccount(
                    "srv-x",
                    PrivilegedAccount.Kind.DIRECTORY,
                    "uid=srv-x," + ADMINS,
                    "",
                    "p-approver",
                    Set.of("p-requester"),
                    Set.of("p-approver"),
                    Duration.ofHours(1),
                    true,
                    false,
                    Instant.EPOCH,
                    "p-contractor",
                    null,
                    null),
                "p-contractor"))
        .as("contractors never change privileged IDs (PR-3)")
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.requirementId()).isEqualTo("PR-3"));
  }

  @Test
  void emergencyUseWhenTakenThenNotifiedAlertedAndOverdueUntilReportedAndApproved()
      throws Exception {
    PrivilegedAccount account = directoryAccount(true);
    Checkout c =
        access.request(
            account.id(), "p-requester", "基幹系障害の緊急対応", "INC-911", null, Duration.ofHours(1), true);
    assertThat(c.state()).as("no prior approval").isEqualTo(Checkout.State.APPROVED);
    assertThat(c.reportDueAt())
        .contains(clock.instant().plus(policy.privileged().emergencyReportWithin()));
    assertThat(alerts.open()).anyMatch(a -> a.kind().equals("PRIVILEGED_EMERGENCY_USE"));
    assertThat(
            database
                .jdbc()
                .sql("select recipient from notification order by recipient")
                .query(String.class)
                .list())
        .as("approvers and owner told at once, not the requester")
        .containsExactly("p-approver", "p-contractor", "p-unknown");
    assertThat(access.activate(c.id(), "p-requester").password()).isPresent();

    clock.advance(policy.privileged().emergencyReportWithin().plusHours(1));
    access.checkInDue();
    assertThat(access.flagOverdueReports()).extracting(Checkout::id).containsExactly(c.id());
    assertThat(alerts.open()).anyMatch(a -> a.kind().equals("PRIVILEGED_EMERGENCY_REPORT_OVERDUE"));
    assertThat(access.checkout(c.id()).orElseThrow().reportOverdue(clock.instant())).isTrue();

    access.report(c.id(), "p-requester", "障害対応としてサービスを再起動した。詳細は INC-911 を参照。");
    assertThatThrownBy(() -> access.approve(c.id(), "p-requester", "自分で"))
        .isInstanceOfSatisfying(
            Refused.class, r -> assertThat(r.code()).isEqualTo("SELF_APPROVAL"));
    Checkout approved = access.approve(c.id(), "p-approver", "事後承認: 報告を確認");
    assertThat(approved.afterApprover()).contains("p-approver");
    assertThat(approved.reportOverdue(clock.instant())).isFalse();
    assertThat(access.flagOverdueReports()).isEmpty();
    assertThat(alerts.open())
        .noneMatch(a -> a.kind().equals("PRIVILEGED_EMERGENCY_REPORT_OVERDUE"));
    assertThat(actions(c.id()))
        .containsSubsequence(
            "EMERGENCY_REQUESTED",
            "ACTIVATED",
            "PASSWORD_REVEALED",
            "CHECKED_IN_ROTATED",
            "EMERGENCY_REPORTED",
            "EMERGENCY_APPROVED_AFTER");
  }

  @Test
  void idleDirectoryAccountWhenRotationIntervalPassesThenRotatedOnceWithoutAnyoneSeeingIt()
      throws Exception {
    PrivilegedAccount account = directoryAccount(false);
    assertThat(access.rotateIdle()).as("never rotated: rotated now").containsExactly(account.id());
    assertThat(binds(account.target(), INITIAL)).isFalse();
    assertThat(access.rotateIdle()).as("rotated a moment ago").isEmpty();
    clock.advance(policy.privileged().rotationInterval().plusDays(1));
    Checkout c = approved(account, Duration.ofHours(1));
    access.activate(c.id(), "p-requester");
    assertThat(access.rotateIdle()).as("never while someone holds it").isEmpty();
    access.checkIn(c.id(), "p-requester");
    assertThat(access.rotateIdle()).as("the check-in rotated it").isEmpty();
    assertThat(access.accountEvents(account.id()).stream().map(PrivilegedAccess.Event::action))
        .containsOnlyOnce("ROTATED_PERIODIC");
  }

  @Test
  void rotateAllNowWhenPasswordsMayHaveLeakedThenEveryIdleIdRotatedAndAHeldOneLeftToItsCheckIn()
      throws Exception {
    PrivilegedAccount idle = directoryAccount(false);
    PrivilegedAccount held = directoryAccount(false);
    assertThat(access.rotateIdle()).contains(idle.id(), held.id());
    // rotated a moment ago, so the periodic rotation leaves them; but the password in the directory
    // may be known to someone (a database restored from a backup, a suspected leak)
    ldap.server()
        .modify(
            "dn: " + idle.target(),
            "changetype: modify",
            "replace: userPassword",
            "userPassword: Leaked-Pass-2027x");
    assertThat(access.rotateIdle()).doesNotContain(idle.id());
    Checkout c = approved(held, Duration.ofHours(1));
    access.activate(c.id(), "p-requester");

    assertThatThrownBy(() -> access.rotateAllNow("p-approver", " "))
        .isInstanceOf(Refused.class)
        .hasMessageContaining("expected an actor and a reason, found no reason");
    Map<String, PrivilegedAccess.Rotation> outcome =
        access.rotateAllNow("p-approver", "漏えいの疑い (試験)");

    assertThat(outcome.get(idle.id())).isInstanceOf(PrivilegedAccess.Rotation.Rotated.class);
    assertThat(outcome.get(held.id())).isInstanceOf(PrivilegedAccess.Rotation.Held.class);
    assertThat(binds(idle.target(), "Leaked-Pass-2027x")).as("the known password").isFalse();
    assertThat(access.accountEvents(idle.id()))
        .filteredOn(e -> e.action().equals("ROTATED_ALL"))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.actor()).isEqualTo("p-approver");
          assertThat(e.detail()).isEqualTo("漏えいの疑い (試験)");
        });
    assertThat(access.accountEvents(held.id()).stream().map(PrivilegedAccess.Event::action))
        .as("the holder's password stays valid until the check-in rotates it")
        .doesNotContain("ROTATED_ALL");

    // the same from the command line: options required, then a summary naming each ID
    PrivilegedRotateCli cli = new PrivilegedRotateCli(access);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print =
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(cli.execute("privileged-rotate-all", Map.of("actor", "p-approver"), print)).isOne();
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("--mamori.cli.reason (理由) を指定してください");
    out.reset();
    int exit =
        cli.execute(
            "privileged-rotate-all",
            Map.of("actor", "p-approver", "reason", "バックアップからの復元 (試験)"),
            print);
    String summary = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(exit).as(summary).isIn(2, 3); // one ID is held
    assertThat(summary.lines().filter(l -> l.startsWith("パスワードを変更しました: ")))
        .singleElement()
        .asString()
        .contains(idle.id());
    assertThat(summary.lines().filter(l -> l.startsWith("貸出中のため返却時に変更されます: ")))
        .singleElement()
        .asString()
        .contains(held.id())
        .doesNotContain(idle.id());
    assertThat(
            access.accountEvents(idle.id()).stream()
                .filter(e -> e.action().equals("ROTATED_ALL"))
                .map(PrivilegedAccess.Event::detail))
        .containsExactly("漏えいの疑い (試験)", "バックアップからの復元 (試験)");
    assertThat(
            access.accountEvents(idle.id()).stream()
                .filter(e -> e.action().equals("ROTATED_ALL"))
                .map(PrivilegedAccess.Event::actor)
                .toList()
                .getLast())
        .as("the name typed on the command line, with the account that ran the command")
        .matches("p-approver \\(os:.+, cli\\)");

    access.checkIn(c.id(), "p-requester");
    assertThat(access.accountEvents(held.id()).stream().map(PrivilegedAccess.Event::action))
        .contains("CHECKED_IN_ROTATED");
  }

  @Test
  void directoryLoginWhenNoCheckoutCoversItThenAlertedOnceAndALoginWithinACheckoutIsNot()
      throws Exception {
    clock = new MutableClock(Instant.now()); // the directory records logins by its own clock
    access = instance("instance-a");
    alerts = new Alerts(new AlertStore(database.jdbc()), clock);
    PrivilegedAccount account = directoryAccount(false);
    // someone who knew the password from before Mamori managed it logs in directly
    assertThat(binds(account.target(), INITIAL)).isTrue();
    Instant login = awaitLastLogin(account.target(), null);

    assertThat(access.detectOutOfWindow()).containsExactly(account.id() + "@" + login);
    assertThat(alerts.open())
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("PRIVILEGED_OUT_OF_WINDOW");
          assertThat(a.requirementId()).isEqualTo("PR-2");
        });
    assertThat(access.detectOutOfWindow()).as("the same login is reported once").isEmpty();
    assertThat(access.accountEvents(account.id()).stream().map(PrivilegedAccess.Event::action))
        .containsOnlyOnce("OUT_OF_WINDOW_USE");

    Checkout c = approved(account, Duration.ofMinutes(30));
    String password = new String(access.activate(c.id(), "p-requester").password().orElseThrow());
    // a login time after the first one: the directory records binds to the millisecond
    Poll.untilClockPasses(login.plusMillis(1));
    assertThat(binds(account.target(), password)).isTrue();
    awaitLastLogin(account.target(), login);
    assertThat(access.detectOutOfWindow()).as("within its checkout").isEmpty();
  }

  /**
   * The directory's record of the last bind, once it is written and later than {@code after}: the
   * directory writes it on its own thread after answering the bind.
   */
  private Instant awaitLastLogin(String dn, Instant after) {
    PrivilegedDirectoryAccounts accounts = new PrivilegedDirectoryAccounts(directory);
    return Poll.untilPresent(
        "the directory's record of a bind of " + dn + (after == null ? "" : " after " + after),
        () -> accounts.lastLogin(dn).filter(last -> after == null || last.isAfter(after)));
  }

  @Test
  void keycloakRoleWhenCheckedOutThenGrantedUntilCheckInAndHeldOutsideACheckoutIsAlerted() {
    PrivilegedAccount account =
        access.register(
            new PrivilegedAccount(
                "juki-admin-role",
                PrivilegedAccount.Kind.KEYCLOAK_ROLE,
                "juki-admin",
                "住基システム管理者ロール",
                "p-approver",
                Set.of("p-requester"),
                Set.of("p-approver"),
                Duration.ofHours(1),
                true,
                false,
                Instant.EPOCH,
                "p-approver",
                null,
                null),
            "p-approver");
    Checkout c = approved(account, Duration.ofHours(1));
    assertThat(access.activate(c.id(), "p-requester").password()).isEmpty();
    KeycloakPrivilegedRoles roles = new KeycloakPrivilegedRoles(admin, REALM);
    assertThat(roles.holders("juki-admin")).containsExactly("p-requester");
    assertThat(access.detectOutOfWindow()).as("held within its checkout").isEmpty();

    access.checkIn(c.id(), "p-requester");
    assertThat(roles.holders("juki-admin")).isEmpty();
    assertThat(actions(c.id())).contains("ROLE_GRANTED", "CHECKED_IN_ROLE_REMOVED");

    // someone grants it by hand in Keycloak's console
    String approverId =
        admin.realm(REALM).users().searchByUsername("p-approver", true).getFirst().getId();
    admin
        .realm(REALM)
        .users()
        .get(approverId)
        .roles()
        .realmLevel()
        .add(List.of(admin.realm(REALM).roles().get("juki-admin").toRepresentation()));
    assertThat(access.detectOutOfWindow()).containsExactly("juki-admin-role/p-approver");
    assertThat(roles.holders("juki-admin")).as("taken back").isEmpty();
    assertThat(alerts.open())
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("PRIVILEGED_OUT_OF_WINDOW");
          assertThat(a.requirementId()).isEqualTo("PR-2");
        });
  }
}
