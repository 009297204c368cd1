package jp.mamori.authz.stepup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yubico.webauthn.data.ByteArray;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mamori.authz.TestDatabase;
import jp.mamori.webauthn.BackupFlags;
import jp.mamori.webauthn.CredentialStore;
import jp.mamori.webauthn.Enrolment;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.Refusal;
import jp.mamori.webauthn.RegistrationOutcome;
import jp.mamori.webauthn.RelyingPartySettings;
import jp.mamori.webauthn.StepUpRelyingParty;
import jp.mamori.webauthn.StepUpResult;
import jp.mamori.webauthn.StoredCredential;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The step-up relying party on PostgreSQL with two instances sharing the database: a response sent
 * to both at once is accepted by exactly one; credentials, states and events persist; an assertion
 * reads the credential table once.
 */
class JdbcWebAuthnStoresIT {

  private static final String ORIGIN = "https://mamori.example.lg.jp";
  private static final String RP_ID = "mamori.example.lg.jp";
  private static final Operation UNLOCK =
      Operation.of("account.unlock", "staff/A10001", Map.of("reason", "本人確認済み"));
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = TestDatabase.start();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static StepUpRelyingParty instance(CredentialStore credentials, JdbcWebAuthnStores s) {
    return new StepUpRelyingParty(
        new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN))),
        credentials,
        s.ceremonies(),
        s.events(),
        Clock.systemUTC(),
        Duration.ofMinutes(2),
        Set.of());
  }

  @Test
  void stepUpWhenTheSameAnswerReachesTwoInstancesAtOnceThenExactlyOneAccepts() throws Exception {
    JdbcWebAuthnStores a = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    JdbcWebAuthnStores b = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    StepUpRelyingParty first = instance(a.credentials(), a);
    StepUpRelyingParty second = instance(b.credentials(), b);
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    register(first, key, "A10001");
    String answer = key.authenticate(challenge(first, "A10001", UNLOCK), honest());

    CountDownLatch go = new CountDownLatch(1);
    List<Callable<StepUpResult>> both =
        List.of(
            () -> {
              go.await();
              return first.finishStepUp("A10001", UNLOCK, answer);
            },
            () -> {
              go.await();
              return second.finishStepUp("A10001", UNLOCK, answer);
            });
    List<StepUpResult> results;
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<StepUpResult>> futures = both.stream().map(pool::submit).toList();
      go.countDown();
      results = List.of(futures.get(0).get(), futures.get(1).get());
    }

    assertThat(results).filteredOn(StepUpResult.Verified.class::isInstance).hasSize(1);
    assertThat(results)
        .filteredOn(StepUpResult.Refused.class::isInstance)
        .singleElement()
        .extracting(r -> ((StepUpResult.Refused) r).refusal())
        .isEqualTo(Refusal.UNKNOWN_CHALLENGE);
  }

  @Test
  void assertionWhenVerifiedThenOneCredentialLookupAndTheCounterIsKept() {
    JdbcWebAuthnStores stores = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    AtomicInteger lookups = new AtomicInteger();
    CredentialStore counting = counting(stores.credentials(), lookups);
    StepUpRelyingParty rp = instance(counting, stores);
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    register(rp, key, "A10002");
    key.counter(41);
    String answer = key.authenticate(challenge(rp, "A10002", UNLOCK), honest());
    lookups.set(0);

    assertThat(rp.finishStepUp("A10002", UNLOCK, answer)).isInstanceOf(StepUpResult.Verified.class);

    assertThat(lookups).hasValue(1);
    assertThat(stores.credentials().find(key.credentialId()).orElseThrow().signCount())
        .isEqualTo(42);
  }

  @Test
  void counterRegressionWhenSeenThenSuspendedInTheDatabaseAndAlertRecorded() {
    JdbcWebAuthnStores stores = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    StepUpRelyingParty rp = instance(stores.credentials(), stores);
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    register(rp, key, "A10003");
    key.counter(9);
    rp.finishStepUp("A10003", UNLOCK, key.authenticate(challenge(rp, "A10003", UNLOCK), honest()));
    key.counter(2);

    StepUpResult clone =
        rp.finishStepUp(
            "A10003", UNLOCK, key.authenticate(challenge(rp, "A10003", UNLOCK), honest()));

    assertThat(clone)
        .isInstanceOfSatisfying(
            StepUpResult.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.COUNTER_REGRESSION));
    JdbcWebAuthnStores restarted = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    assertThat(restarted.credentials().find(key.credentialId()).orElseThrow().state())
        .isEqualTo(StoredCredential.State.SUSPENDED);
    assertThat(restarted.eventsOf("A10003"))
        .containsExactly(
            "REGISTERED " + key.credentialId().getBase64Url(),
            "COUNTER_REGRESSION " + key.credentialId().getBase64Url());
  }

  @Test
  void replacementWhenRegisteredThenTheLostOneIsRetiredForGood() {
    JdbcWebAuthnStores stores = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    StepUpRelyingParty rp = instance(stores.credentials(), stores);
    SoftwareAuthenticator lost = new SoftwareAuthenticator();
    register(rp, lost, "A10004");
    assertThat(rp.reportLost("A10004", lost.credentialId(), "紛失届")).isTrue();

    SoftwareAuthenticator replacement = new SoftwareAuthenticator();
    RegistrationOutcome outcome = register(rp, replacement, "A10004");

    assertThat(outcome)
        .isInstanceOfSatisfying(
            RegistrationOutcome.Registered.class,
            r -> assertThat(r.retired()).containsExactly(lost.credentialId()));
    assertThat(stores.credentials().ofUser("A10004"))
        .extracting(StoredCredential::state)
        .containsExactly(StoredCredential.State.RETIRED, StoredCredential.State.ACTIVE);
    assertThat(stores.credentials().userHandle("A10004").orElseThrow().size()).isEqualTo(32);
  }

  @Test
  void backupFlagsWhenRecordedThenPersistedAndThoseOfAnOlderRowLearntAtItsNextStepUp() {
    JdbcWebAuthnStores stores = new JdbcWebAuthnStores(db.jdbc(), Clock.systemUTC());
    StepUpRelyingParty rp = instance(stores.credentials(), stores);
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    register(rp, key, "A10005");
    assertThat(stores.credentials().find(key.credentialId()).orElseThrow().backup())
        .contains(BackupFlags.DEVICE_BOUND);
    String id = key.credentialId().getBase64Url();
    assertThatThrownBy(() ->
            db.jdbc()
                .sql(
                    "update webauthn_credential set backup_eligible = false, backup_state = true"
                        + " where credential_id = ?")
                .param(id)
                .update())
        .as("BS=1 without BE=1 cannot be stored")
        .isInstanceOf(org.springframework.dao.DataAccessException.class);
    db.jdbc() // as a row written before V23
        .sql(
            "update webauthn_credential set backup_eligible = null, backup_state = null"
                + " where credential_id = ?")
        .param(id)
        .update();
    assertThat(stores.credentials().find(key.credentialId()).orElseThrow().backup()).isEmpty();

    assertThat(
            rp.finishStepUp(
                "A10005", UNLOCK, key.authenticate(challenge(rp, "A10005", UNLOCK), honest())))
        .isInstanceOf(StepUpResult.Verified.class);

    assertThat(stores.credentials().find(key.credentialId()).orElseThrow().backup())
        .contains(BackupFlags.DEVICE_BOUND);
    key.backupFlags(true, false);
    assertThat(
            rp.finishStepUp(
                "A10005", UNLOCK, key.authenticate(challenge(rp, "A10005", UNLOCK), honest())))
        .isInstanceOfSatisfying(
            StepUpResult.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.BACKUP_ELIGIBILITY_CHANGED));
  }

  // ------------------------------------------------------------------------------------------

  private static RegistrationOutcome register(
      StepUpRelyingParty rp, SoftwareAuthenticator key, String user) {
    // authorised by a one-time grant issued at the desk; the enrolment is stored with the
    // ceremony and read back by whichever instance finishes it
    StepUpRelyingParty.Start start =
        rp.startRegistration(user, "職員 " + user, new Enrolment.ByGrant("1", "desk"));
    assertThat(start).isInstanceOf(StepUpRelyingParty.Start.Options.class);
    String options = ((StepUpRelyingParty.Start.Options) start).json();
    RegistrationOutcome outcome =
        rp.finishRegistration(
            user,
            "鍵",
            key.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, RP_ID, true));
    assertThat(outcome).isInstanceOf(RegistrationOutcome.Registered.class);
    return outcome;
  }

  private static ByteArray challenge(StepUpRelyingParty rp, String user, Operation op) {
    StepUpRelyingParty.Start start = rp.startStepUp(user, op);
    assertThat(start).isInstanceOf(StepUpRelyingParty.Start.Options.class);
    return SoftwareAuthenticator.challengeOf(((StepUpRelyingParty.Start.Options) start).json());
  }

  private static SoftwareAuthenticator.Claims honest() {
    return SoftwareAuthenticator.Claims.honest(ORIGIN, RP_ID, "webauthn.get");
  }

  private static CredentialStore counting(CredentialStore store, AtomicInteger lookups) {
    return new CredentialStore() {
      @Override
      public Optional<StoredCredential> find(ByteArray credentialId) {
        lookups.incrementAndGet();
        return store.find(credentialId);
      }

      @Override
      public List<StoredCredential> ofUser(String username) {
        lookups.incrementAndGet();
        return store.ofUser(username);
      }

      @Override
      public Optional<ByteArray> userHandle(String username) {
        lookups.incrementAndGet();
        return store.userHandle(username);
      }

      @Override
      public void add(StoredCredential credential) {
        store.add(credential);
      }

      @Override
      public void used(ByteArray credentialId, long signCount, BackupFlags backup, Instant at) {
        store.used(credentialId, signCount, backup, at);
      }

      @Override
      public boolean setState(ByteArray id, StoredCredential.State state, String reason) {
        return store.setState(id, state, reason);
      }
    };
  }
}
