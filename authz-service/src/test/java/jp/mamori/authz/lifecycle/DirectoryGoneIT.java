package jp.mamori.authz.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.lifecycle.LifecycleService.ApplyResult;
import jp.mamori.authz.lifecycle.LifecycleService.StoredPlan;
import jp.mamori.hrsync.directory.DirectoryException;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory going away for real during a lifecycle run: a slapd process of the test's own is
 * killed (SIGKILL) or frozen (SIGSTOP) in the middle of a batch of joiners, or starts refusing the
 * service account's bind. In every case the run ends in bounded time, reports what it did (the
 * plan's status, the journal, the audit log) truthfully, changes nothing it cannot record, and the
 * next run completes the plan with every change made once (LC-1, LC-2, AU-5).
 */
class DirectoryGoneIT {

  private static final int BATCH = 400;

  private static TestDatabase database;
  private static TestSlapd slapd;

  private DirectoryRun run;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    slapd = TestSlapd.startOwn();
  }

  @AfterAll
  static void stop() {
    slapd.close();
    database.close();
  }

  @BeforeEach
  void freshRun() throws Exception {
    run = new DirectoryRun(database, slapd, "gone");
  }

  @AfterEach
  void end() {
    background.shutdownNow();
    run.close();
  }

  /**
   * LC-1, AU-5: the server is killed with a fifth of the joiners added. The apply ends PARTIAL with
   * the failure naming the server; the journal and the audit log hold exactly the adds the server
   * confirmed, which are all in the directory after a restart (an add in flight at the kill may be
   * there unconfirmed: at most one per connection). Applying the same plan again adds the rest:
   * each joiner has one entry, no change is journalled twice, nothing is left to plan.
   */
  @Test
  void applyWhenTheServerIsKilledMidBatchThenPartialAsRecordedAndTheNextRunAddsTheRestOnce()
      throws Exception {
    Path hr = run.hrFile(70000, BATCH);
    StoredPlan plan = run.service.plan(hr, DirectoryRun.TODAY);
    assertThat(plan.status()).isEqualTo(Status.READY);
    assertThat(plan.plan().changes()).hasSize(2 * BATCH);

    Future<ApplyResult> applying =
        background.submit(() -> run.service.apply(plan.id(), DirectoryRun.TODAY));
    int seen = run.awaitEntries(BATCH / 5, applying);
    slapd.kill();
    long killed = System.nanoTime();
    ApplyResult first = applying.get(1, TimeUnit.MINUTES);
    Duration stopping = Duration.ofNanos(System.nanoTime() - killed);
    int done = run.done(plan.id(), Target.DIRECTORY);
    slapd.restart();
    int present = run.entries().size();

    assertThat(first.status()).as("%s", first).isEqualTo(Status.PARTIAL);
    assertThat(stopping).as("from the kill to the end of the apply").isLessThan(secondsOf(5));
    assertThat(first.failure())
        .hasValueSatisfying(f ->
            assertThat(f)
                .contains("CREATE|DIRECTORY|")
                .contains("failed at ldap://127.0.0.1:" + slapd.port())
                .contains("bind DN " + TestSlapd.MAMORI_DN)
                .doesNotContain("displayName")); // no quote of the add's values
    assertThat(run.status(plan.id())).isEqualTo("PARTIAL");
    assertThat(run.failed(plan.id()))
        .singleElement()
        .asString()
        .contains("ldap://127.0.0.1:" + slapd.port());
    assertThat(done).isBetween(seen - DirectoryTarget.APPLY_PARALLELISM, BATCH - 1);
    assertThat(present)
        .as(
            "entries after the restart: the %s confirmed adds and those in flight at the kill",
            done)
        .isBetween(done, done + DirectoryTarget.APPLY_PARALLELISM);
    assertThat(run.audited(plan.id(), Target.DIRECTORY)).isEqualTo(done);
    assertThat(run.keycloak.accounts).as("the other target is not held up").hasSize(BATCH);
    assertThat(first.left())
        .as("the report names what is left for the next apply: the adds not confirmed")
        .isEqualTo(BATCH - done);

    ApplyResult resumed = run.service.apply(plan.id(), DirectoryRun.TODAY);

    assertThat(resumed.status()).as("%s", resumed).isEqualTo(Status.APPLIED);
    assertThat(resumed.applied()).isEqualTo(BATCH - present);
    assertThat(resumed.left()).isZero();
    assertThat(run.employeeNumbers()).hasSize(BATCH).doesNotHaveDuplicates();
    assertThat(run.done(plan.id(), Target.DIRECTORY))
        .as(
            "journalled: every entry in the directory — confirmed adds, adds made now, and an add"
                + " in flight at the kill found in effect (not redone): no lost batch")
        .isEqualTo(BATCH)
        .isEqualTo(run.entries().size());
    assertThat(run.audited(plan.id(), Target.DIRECTORY))
        .as("and each in the audit log")
        .isEqualTo(BATCH);
    assertThat(run.doneTwice(plan.id())).isEmpty();
    assertThat(run.keycloak.applications.values()).allMatch(n -> n == 1);
    assertThat(run.service.plan(hr, DirectoryRun.TODAY).status()).isEqualTo(Status.EMPTY);
  }

  /**
   * LC-1: between plan and apply an administrator changes the service account's password on the
   * server, and the server restarts (connections must bind again). The apply stops before any
   * change with an error that names the bind DN and what to check, without a password (the CLI says
   * so in Japanese first, exit 1); the plan stays READY with nothing journalled. With the new
   * password in the settings, the same plan is applied in full.
   */
  @Test
  void applyWhenTheServiceAccountsPasswordWasChangedThenRefusedNamingTheBindDnAndAppliedOnceFixed()
      throws Exception {
    Path hr = run.hrFile(71000, 30);
    StoredPlan plan = run.service.plan(hr, DirectoryRun.TODAY);
    String rotated = "rotated-" + Long.toHexString(System.nanoTime());
    String original = run.settings.bindPassword();
    try {
      setServicePassword(rotated);
      slapd.kill();
      slapd.restart();

      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> run.service.apply(plan.id(), DirectoryRun.TODAY))
          .satisfies(e -> {
            assertThat(e.resultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
            assertThat(e.serverFailure()).isTrue();
            assertThat(e.getMessage())
                .contains("ldap://127.0.0.1:" + slapd.port())
                .contains("bind DN " + TestSlapd.MAMORI_DN)
                .contains("not locked")
                .contains("bindPassword")
                .doesNotContain(original)
                .doesNotContain(rotated);
          });
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exit =
          new LifecycleCli(run.service, Clock.systemUTC())
              .execute(
                  "apply",
                  Map.of(
                      "plan-id", Long.toString(plan.id()), "date", DirectoryRun.TODAY.toString()),
                  new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertThat(exit).isEqualTo(LifecycleCli.FAILED);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .startsWith("ディレクトリ (LDAP/AD) を読めないため中止しました。この実行では何も変更していません")
          .contains("bind DN " + TestSlapd.MAMORI_DN)
          .doesNotContain(original)
          .doesNotContain(rotated);
      assertThat(run.status(plan.id())).isEqualTo("READY");
      assertThat(run.done(plan.id(), Target.DIRECTORY)).isZero();
      assertThat(run.entries()).isEmpty();
      assertThat(run.keycloak.applications).as("nothing applied anywhere").isEmpty();

      run.connect(withPassword(run.settings, rotated));
      ApplyResult fixed = run.service.apply(plan.id(), DirectoryRun.TODAY);

      assertThat(fixed.status()).as("%s", fixed).isEqualTo(Status.APPLIED);
      assertThat(run.employeeNumbers()).hasSize(30).doesNotHaveDuplicates();
      assertThat(run.done(plan.id(), Target.DIRECTORY)).isEqualTo(30);
    } finally {
      setServicePassword(original);
    }
  }

  /**
   * LC-1, AU-5: mid-run, an administrator locks the service account and the server restarts. The
   * apply stops PARTIAL as recorded; the next apply is refused at its first read with the bind DN
   * named (nothing changed, the journal as before); once the account is unlocked, the plan is
   * completed with every joiner added once.
   */
  @Test
  void applyWhenTheServiceAccountIsLockedMidRunThenStopsRefusesTheNextRunAndResumesOnceUnlocked()
      throws Exception {
    Path hr = run.hrFile(72000, BATCH);
    StoredPlan plan = run.service.plan(hr, DirectoryRun.TODAY);
    try {
      Future<ApplyResult> applying =
          background.submit(() -> run.service.apply(plan.id(), DirectoryRun.TODAY));
      run.awaitEntries(BATCH / 5, applying);
      lockServiceAccount(true);
      slapd.kill();
      ApplyResult first = applying.get(1, TimeUnit.MINUTES);
      slapd.restart();
      int done = run.done(plan.id(), Target.DIRECTORY);
      assertThat(first.status()).isEqualTo(Status.PARTIAL);

      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> run.service.apply(plan.id(), DirectoryRun.TODAY))
          .satisfies(e -> {
            assertThat(e.resultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
            assertThat(e.getMessage()).contains("bind DN " + TestSlapd.MAMORI_DN);
          });
      assertThat(run.status(plan.id())).isEqualTo("PARTIAL");
      assertThat(run.done(plan.id(), Target.DIRECTORY)).isEqualTo(done);

      lockServiceAccount(false);
      ApplyResult resumed = run.service.apply(plan.id(), DirectoryRun.TODAY);

      assertThat(resumed.status()).as("%s", resumed).isEqualTo(Status.APPLIED);
      assertThat(run.employeeNumbers()).hasSize(BATCH).doesNotHaveDuplicates();
      assertThat(run.doneTwice(plan.id())).isEmpty();
    } finally {
      lockServiceAccount(false);
    }
  }

  /**
   * LC-1: the server hangs (SIGSTOP: connections are accepted, nothing is answered) before a plan.
   * Planning fails within the configured timeouts — a retry on a new connection included — naming
   * the server and the timeout, and stores nothing; once the server goes on, planning works.
   */
  @Test
  void planWhenTheServerHangsThenFailsWithinTheTimeoutsAndStoresNothing() throws Exception {
    Path hr = run.hrFile(73000, 20);
    slapd.pause();
    long start = System.nanoTime();
    try {
      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> run.service.plan(hr, DirectoryRun.TODAY))
          .satisfies(e -> {
            assertThat(e.resultCode()).isEqualTo(ResultCode.TIMEOUT);
            assertThat(e.getMessage())
                .contains("ldap://127.0.0.1:" + slapd.port())
                .contains("did not answer within 3 s");
          });
    } finally {
      slapd.resume();
    }
    Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failedAfter).isLessThan(worstCase());
    assertThat(run.plans()).isZero();
    assertThat(run.service.plan(hr, DirectoryRun.TODAY).status()).isEqualTo(Status.READY);
  }

  /**
   * LC-1, AU-5: the server hangs in the middle of a batch of joiners. The apply stops within the
   * configured timeouts — not one timeout per remaining joiner — PARTIAL, naming the server; once
   * the server goes on, the same plan is completed with every joiner added once.
   */
  @Test
  void applyWhenTheServerHangsMidBatchThenStopsWithinTheTimeoutsAndTheNextRunAddsTheRestOnce()
      throws Exception {
    Path hr = run.hrFile(74000, BATCH);
    StoredPlan plan = run.service.plan(hr, DirectoryRun.TODAY);
    Future<ApplyResult> applying =
        background.submit(() -> run.service.apply(plan.id(), DirectoryRun.TODAY));
    run.awaitEntries(BATCH / 5, applying);
    ApplyResult first;
    Duration stopping;
    slapd.pause();
    try {
      long paused = System.nanoTime();
      first = applying.get(1, TimeUnit.MINUTES);
      stopping = Duration.ofNanos(System.nanoTime() - paused);
    } finally {
      slapd.resume();
    }
    int done = run.done(plan.id(), Target.DIRECTORY);

    assertThat(first.status()).as("%s", first).isEqualTo(Status.PARTIAL);
    assertThat(stopping).as("from the freeze to the end of the apply").isLessThan(worstCase());
    assertThat(first.failure())
        .hasValueSatisfying(f ->
            assertThat(f)
                .contains("failed at ldap://127.0.0.1:" + slapd.port())
                .contains("did not answer within 3 s"));
    assertThat(run.entries().size()).isBetween(done, done + DirectoryTarget.APPLY_PARALLELISM);

    ApplyResult resumed = run.service.apply(plan.id(), DirectoryRun.TODAY);

    assertThat(resumed.status()).as("%s", resumed).isEqualTo(Status.APPLIED);
    assertThat(run.employeeNumbers()).hasSize(BATCH).doesNotHaveDuplicates();
    assertThat(run.doneTwice(plan.id())).isEmpty();
    assertThat(run.service.plan(hr, DirectoryRun.TODAY).status()).isEqualTo(Status.EMPTY);
  }

  /**
   * The longest a run may take to notice a hung server: a request on a pooled connection times out,
   * the retry connects and binds on a new one and times out again ({@code connect + 2 × response}),
   * with 5 s for the rest of the run.
   */
  private static Duration worstCase() {
    return DirectoryRun.TIMEOUTS
        .connect()
        .plus(DirectoryRun.TIMEOUTS.response().multipliedBy(2))
        .plus(secondsOf(5));
  }

  private static Duration secondsOf(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  /**
   * Sets the service account's password as an administrator would; the reset flag that ppolicy sets
   * on an administrator's change (which would confine the account to changing its password) is
   * removed, as for a service account.
   */
  private static void setServicePassword(String password) throws Exception {
    try (LDAPConnection root = slapd.root()) {
      root.modify(
          TestSlapd.MAMORI_DN,
          new Modification(ModificationType.REPLACE, "userPassword", password));
      root.modify(TestSlapd.MAMORI_DN, new Modification(ModificationType.REPLACE, "pwdReset"));
    }
  }

  /** Locks (ppolicy, by an administrator, no end) or unlocks the service account. */
  private static void lockServiceAccount(boolean locked) throws Exception {
    try (LDAPConnection root = slapd.root()) {
      root.modify(
          TestSlapd.MAMORI_DN,
          locked
              ? new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", "000001010000Z")
              : new Modification(ModificationType.REPLACE, "pwdAccountLockedTime"));
    }
  }

  private static DirectorySettings withPassword(DirectorySettings s, String password) {
    return new DirectorySettings(
        s.host(),
        s.port(),
        s.useTls(),
        s.bindDn(),
        password,
        s.peopleDn(),
        s.schema(),
        s.tls(),
        s.timeouts());
  }
}
