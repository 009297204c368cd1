package jp.mamori.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import com.yubico.webauthn.data.ByteArray;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import jp.mamori.webauthn.testing.SoftwareAuthenticator.Claims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mamori's relying party against a software authenticator: step-up bound to one operation, used
 * once, user verification required, origin and RP ID checked, counter regression suspends, lost and
 * replaced authenticators (MF-2, MF-3, PR-6).
 */
class StepUpRelyingPartyTest {

  private static final String ORIGIN = "https://mamori.example.lg.jp";
  private static final String RP_ID = "mamori.example.lg.jp";
  private static final Operation APPROVE_42 =
      Operation.of("privileged-checkout.approve", "checkout-request/42", Map.of("minutes", "60"));

  /** A one-time enrolment grant already redeemed (issued at the desk after an identity check). */
  private static final Enrolment DESK = new Enrolment.ByGrant("7", "desk-tanaka");

  private final MutableClock clock = new MutableClock(Instant.parse("2027-04-01T00:00:00Z"));
  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private final List<String> events = new ArrayList<>();
  private StepUpRelyingParty rp;
  private SoftwareAuthenticator key;

  @BeforeEach
  void registered() {
    rp =
        new StepUpRelyingParty(
            new RelyingPartySettings("mamori.example.lg.jp", "Mamori", Set.of(URI.create(ORIGIN))),
            store,
            new InMemoryCeremonyStore(),
            (kind, user, id, detail) -> events.add(kind + " " + user),
            clock,
            Duration.ofMinutes(2),
            Set.of());
    key = new SoftwareAuthenticator();
    assertThat(register(key, "A00123")).isInstanceOf(RegistrationOutcome.Registered.class);
  }

  @Test
  void stepUpWhenUserVerifiedForThisOperationThenVerifiedWithOneCredentialLookup() {
    ByteArray challenge = startStepUp("A00123", APPROVE_42);
    String response = key.authenticate(challenge, honest());
    long before = store.lookups();

    StepUpResult result = rp.finishStepUp("A00123", APPROVE_42, response);

    assertThat(result).isInstanceOf(StepUpResult.Verified.class);
    assertThat(((StepUpResult.Verified) result).operationDigest()).isEqualTo(APPROVE_42.digest());
    assertThat(store.lookups() - before).isEqualTo(1);
  }

  @Test
  void stepUpWhenTheSameResponseIsSentAgainThenRefusedAsReplay() {
    String response = key.authenticate(startStepUp("A00123", APPROVE_42), honest());
    assertThat(rp.finishStepUp("A00123", APPROVE_42, response))
        .isInstanceOf(StepUpResult.Verified.class);

    assertThat(refusal(rp.finishStepUp("A00123", APPROVE_42, response)))
        .isEqualTo(Refusal.UNKNOWN_CHALLENGE);
  }

  @Test
  void stepUpWhenAnotherOperationIsExecutedThenRefusedAndTheChallengeIsSpent() {
    Operation approve43 =
        Operation.of("privileged-checkout.approve", "checkout-request/43", Map.of("minutes", "60"));
    Operation longer =
        Operation.of(
            "privileged-checkout.approve", "checkout-request/42", Map.of("minutes", "600"));
    ByteArray challenge = startStepUp("A00123", APPROVE_42);
    String response = key.authenticate(challenge, honest());

    assertThat(refusal(rp.finishStepUp("A00123", approve43, response)))
        .isEqualTo(Refusal.OPERATION_MISMATCH);
    assertThat(refusal(rp.finishStepUp("A00123", APPROVE_42, response)))
        .as("a refused answer spends its challenge too")
        .isEqualTo(Refusal.UNKNOWN_CHALLENGE);
    String again = key.authenticate(startStepUp("A00123", APPROVE_42), honest());
    assertThat(refusal(rp.finishStepUp("A00123", longer, again)))
        .isEqualTo(Refusal.OPERATION_MISMATCH);
  }

  @Test
  void stepUpWhenOriginRpIdOrUserVerificationIsWrongThenRefusedForThatReason() {
    assertThat(refusal(finish(honest().withOrigin("https://evil.example.jp"))))
        .isEqualTo(Refusal.ORIGIN);
    assertThat(refusal(finish(honest().withRpId("example.lg.jp")))).isEqualTo(Refusal.RP_ID);
    assertThat(refusal(finish(honest().withoutUserVerification())))
        .isEqualTo(Refusal.USER_VERIFICATION_MISSING);
    assertThat(refusal(finish(new Claims(ORIGIN, RP_ID, true, "webauthn.create"))))
        .isEqualTo(Refusal.SIGNATURE);
  }

  @Test
  void stepUpWhenAnotherPersonAnswersThenRefused() {
    SoftwareAuthenticator other = new SoftwareAuthenticator();
    register(other, "B00456");
    ByteArray challenge = startStepUp("A00123", APPROVE_42);

    assertThat(
            refusal(rp.finishStepUp("B00456", APPROVE_42, other.authenticate(challenge, honest()))))
        .isEqualTo(Refusal.WRONG_USER);
    ByteArray second = startStepUp("A00123", APPROVE_42);
    assertThat(refusal(rp.finishStepUp("A00123", APPROVE_42, other.authenticate(second, honest()))))
        .as("B's key is not A's")
        .isEqualTo(Refusal.UNKNOWN_CREDENTIAL);
  }

  @Test
  void stepUpWhenChallengeOlderThanItsLifetimeThenRefused() {
    ByteArray challenge = startStepUp("A00123", APPROVE_42);
    clock.advance(Duration.ofMinutes(2));

    assertThat(
            refusal(rp.finishStepUp("A00123", APPROVE_42, key.authenticate(challenge, honest()))))
        .isEqualTo(Refusal.EXPIRED);
  }

  @Test
  void stepUpWhenSignatureCounterGoesBackwardsThenCredentialSuspendedAndAlertRecorded() {
    key.counter(10);
    assertThat(finish(honest())).isInstanceOf(StepUpResult.Verified.class); // counter 11
    key.counter(4); // a clone that was copied earlier

    StepUpResult cloned = finish(honest());

    assertThat(refusal(cloned)).isEqualTo(Refusal.COUNTER_REGRESSION);
    assertThat(store.find(key.credentialId()).orElseThrow().state())
        .isEqualTo(StoredCredential.State.SUSPENDED);
    assertThat(events).contains("COUNTER_REGRESSION A00123");
    key.counter(20);
    assertThat(rp.startStepUp("A00123", APPROVE_42))
        .isEqualTo(new StepUpRelyingParty.Start.Refused(Refusal.NO_CREDENTIAL));
  }

  @Test
  void stepUpWhenTheCounterEqualsTheStoredOneThenRefusedAsAClone() {
    key.counter(10);
    assertThat(finish(honest())).isInstanceOf(StepUpResult.Verified.class); // counter 11
    key.counter(10); // the same counter again: a copy of the key signing in parallel

    assertThat(refusal(finish(honest()))).isEqualTo(Refusal.COUNTER_REGRESSION);
    assertThat(store.find(key.credentialId()).orElseThrow().state())
        .isEqualTo(StoredCredential.State.SUSPENDED);
  }

  @Test
  void stepUpWhenTheAuthenticatorKeepsNoCounterThenZeroAfterZeroIsAccepted() {
    for (int i = 0; i < 3; i++) {
      key.counter(-1); // a passkey that always reports 0
      assertThat(finish(honest()))
          .as("assertion %d with counter 0", i)
          .isInstanceOf(StepUpResult.Verified.class);
    }
    assertThat(store.find(key.credentialId()).orElseThrow().state())
        .isEqualTo(StoredCredential.State.ACTIVE);
  }

  @Test
  void stepUpWhenTwoAssertionsFinishInReverseOrderThenTheOlderIsRefusedAndTheKeySuspended() {
    Operation other =
        Operation.of("privileged-checkout.approve", "checkout-request/43", Map.of("minutes", "30"));
    ByteArray first = startStepUp("A00123", APPROVE_42);
    ByteArray second = startStepUp("A00123", other);
    String older = key.authenticate(first, honest()); // counter 1
    String newer = key.authenticate(second, honest()); // counter 2

    assertThat(rp.finishStepUp("A00123", other, newer)).isInstanceOf(StepUpResult.Verified.class);
    StepUpResult late = rp.finishStepUp("A00123", APPROVE_42, older);

    // a counter that went back cannot be told from a clone: refused, and the key suspended until
    // a person looks (the safe side; the alert says which counters were seen)
    assertThat(refusal(late)).isEqualTo(Refusal.COUNTER_REGRESSION);
    assertThat(events).contains("COUNTER_REGRESSION A00123");
  }

  @Test
  void registrationWhenTheSameResponseIsSubmittedTwiceAtOnceThenExactlyOneCredential()
      throws Exception {
    SoftwareAuthenticator second = new SoftwareAuthenticator();
    String options = options(rp.startRegistration("B00456", "職員 B00456", DESK));
    String response =
        second.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, RP_ID, true);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<RegistrationOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        outcomes.add(
            pool.submit(() -> {
              go.await();
              return rp.finishRegistration("B00456", "鍵", response);
            }));
      }
      go.countDown();
      List<RegistrationOutcome> results = new ArrayList<>();
      for (var f : outcomes) {
        results.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(results).filteredOn(r -> r instanceof RegistrationOutcome.Registered).hasSize(1);
      assertThat(store.find(second.credentialId())).isPresent();
      assertThat(store.ofUser("B00456")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lostKeyWhenReportedThenRefusedAtOnceAndAReplacementRetiresIt() {
    SoftwareAuthenticator spare = new SoftwareAuthenticator();
    register(spare, "A00123");
    ByteArray challenge = startStepUp("A00123", APPROVE_42);

    assertThat(rp.reportLost("A00123", key.credentialId(), "紛失届 2027-04-01")).isTrue();

    assertThat(
            refusal(rp.finishStepUp("A00123", APPROVE_42, key.authenticate(challenge, honest()))))
        .isEqualTo(Refusal.CREDENTIAL_SUSPENDED);
    assertThat(
            rp.finishStepUp(
                "A00123",
                APPROVE_42,
                spare.authenticate(startStepUp("A00123", APPROVE_42), honest())))
        .as("the person's other authenticator still works")
        .isInstanceOf(StepUpResult.Verified.class);
    assertThat(rp.reportFound("A00123", key.credentialId(), "発見")).isTrue();
    assertThat(rp.reportLost("A00123", key.credentialId(), "再度紛失")).isTrue();
    SoftwareAuthenticator replacement = new SoftwareAuthenticator();
    RegistrationOutcome outcome = register(replacement, "A00123");
    assertThat(outcome)
        .isInstanceOfSatisfying(
            RegistrationOutcome.Registered.class,
            r -> assertThat(r.retired()).containsExactly(key.credentialId()));
    assertThat(rp.reportFound("A00123", key.credentialId(), "発見")).as("retired for good").isFalse();
    assertThat(events)
        .containsSubsequence(
            "LOST A00123", "FOUND A00123", "LOST A00123", "REGISTERED A00123", "RETIRED A00123");
  }

  @Test
  void registrationWhenUserVerificationMissingOrModelNotAllowedThenRefused() {
    SoftwareAuthenticator other = new SoftwareAuthenticator();
    String options = options(rp.startRegistration("C00789", "佐藤 花子", DESK));
    assertThat(
            rp.finishRegistration(
                "C00789",
                "鍵",
                other.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, RP_ID, false)))
        .isEqualTo(new RegistrationOutcome.Refused(Refusal.USER_VERIFICATION_MISSING, null));

    StepUpRelyingParty strict =
        new StepUpRelyingParty(
            new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN))),
            store,
            new InMemoryCeremonyStore(),
            AuthenticatorEvents.NONE,
            clock,
            Duration.ofMinutes(2),
            Set.of(
                new ByteArray(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})));
    String strictOptions = options(strict.startRegistration("C00789", "佐藤 花子", DESK));
    assertThat(
            strict.finishRegistration(
                "C00789",
                "鍵",
                other.register(
                    SoftwareAuthenticator.challengeOf(strictOptions), ORIGIN, RP_ID, true)))
        .isInstanceOfSatisfying(
            RegistrationOutcome.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.AUTHENTICATOR_MODEL));
  }

  @Test
  void userHandleWhenRegisteredThenRandomAndNeverTheEmployeeNumber() {
    ByteArray handle = store.userHandle("A00123").orElseThrow();

    assertThat(handle.size()).isEqualTo(32);
    assertThat(new String(handle.getBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("A00123");
    SoftwareAuthenticator second = new SoftwareAuthenticator();
    register(second, "A00123");
    assertThat(store.find(second.credentialId()).orElseThrow().userHandle()).isEqualTo(handle);
  }

  @Test
  void registrationWhenNothingAuthorisesItThenRefusedAndNoCeremonyStarts() {
    assertThat(rp.startRegistration("C00789", "佐藤 花子", null))
        .isEqualTo(new StepUpRelyingParty.Start.Refused(Refusal.ENROLMENT_NOT_AUTHORISED));
  }

  @Test
  void registrationWhenExistingKeyPassedTheEnrolmentStepUpThenRegisteredWithHowOnRecord() {
    Operation enrol = Operation.enrolment("A00123");
    StepUpResult proof =
        rp.finishStepUp("A00123", enrol, key.authenticate(startStepUp("A00123", enrol), honest()));
    assertThat(proof).isInstanceOf(StepUpResult.Verified.class);
    SoftwareAuthenticator second = new SoftwareAuthenticator();

    String options =
        options(
            rp.startRegistration(
                "A00123", "職員 A00123", new Enrolment.ByExistingKey((StepUpResult.Verified) proof)));
    RegistrationOutcome outcome =
        rp.finishRegistration(
            "A00123",
            "予備の鍵",
            second.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, RP_ID, true));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            RegistrationOutcome.Registered.class,
            r -> assertThat(r.enrolment()).isEqualTo("key:" + key.credentialId().getBase64Url()));
    assertThat(store.ofUser("A00123")).hasSize(2);
  }

  @Test
  void registrationWhenTheStepUpWasForAnotherOperationOrAnotherPersonThenRefused() {
    StepUpResult approval =
        rp.finishStepUp(
            "A00123", APPROVE_42, key.authenticate(startStepUp("A00123", APPROVE_42), honest()));
    assertThat(
            rp.startRegistration(
                "A00123", "職員", new Enrolment.ByExistingKey((StepUpResult.Verified) approval)))
        .as("a step-up that approved something else does not enrol a key")
        .isEqualTo(new StepUpRelyingParty.Start.Refused(Refusal.ENROLMENT_NOT_AUTHORISED));

    Operation enrol = Operation.enrolment("A00123");
    StepUpResult mine =
        rp.finishStepUp("A00123", enrol, key.authenticate(startStepUp("A00123", enrol), honest()));
    assertThat(
            rp.startRegistration(
                "C00789", "佐藤 花子", new Enrolment.ByExistingKey((StepUpResult.Verified) mine)))
        .as("A00123's key does not enrol a key for C00789")
        .isEqualTo(new StepUpRelyingParty.Start.Refused(Refusal.ENROLMENT_NOT_AUTHORISED));
  }

  @Test
  void registrationWhenTheCeremonyCarriesNoEnrolmentThenRefused() {
    InMemoryCeremonyStore ceremonies = new InMemoryCeremonyStore();
    StepUpRelyingParty older =
        new StepUpRelyingParty(
            new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN))),
            store,
            ceremonies,
            AuthenticatorEvents.NONE,
            clock,
            Duration.ofMinutes(2),
            Set.of());
    String options = options(older.startRegistration("C00789", "佐藤 花子", DESK));
    ByteArray challenge = SoftwareAuthenticator.challengeOf(options);
    PendingCeremony stored = ceremonies.take(challenge).orElseThrow();
    ceremonies.put( // as a ceremony stored before enrolments were recorded
        new PendingCeremony(
            stored.challenge(),
            stored.kind(),
            stored.username(),
            stored.requestJson(),
            stored.operationDigest(),
            stored.expiresAt()));

    assertThat(
            older.finishRegistration(
                "C00789",
                "鍵",
                new SoftwareAuthenticator().register(challenge, ORIGIN, RP_ID, true)))
        .isEqualTo(new RegistrationOutcome.Refused(Refusal.ENROLMENT_NOT_AUTHORISED, null));
  }

  // ------------------------------------------------------------------------------------------

  private static String options(StepUpRelyingParty.Start start) {
    assertThat(start).isInstanceOf(StepUpRelyingParty.Start.Options.class);
    return ((StepUpRelyingParty.Start.Options) start).json();
  }

  private StepUpResult finish(Claims claims) {
    ByteArray challenge = startStepUp("A00123", APPROVE_42);
    return rp.finishStepUp("A00123", APPROVE_42, key.authenticate(challenge, claims));
  }

  private RegistrationOutcome register(SoftwareAuthenticator authenticator, String user) {
    String options = options(rp.startRegistration(user, "職員 " + user, DESK));
    return rp.finishRegistration(
        user,
        "鍵",
        authenticator.register(SoftwareAuthenticator.challengeOf(options), ORIGIN, RP_ID, true));
  }

  private ByteArray startStepUp(String user, Operation operation) {
    StepUpRelyingParty.Start start = rp.startStepUp(user, operation);
    assertThat(start).isInstanceOf(StepUpRelyingParty.Start.Options.class);
    return SoftwareAuthenticator.challengeOf(((StepUpRelyingParty.Start.Options) start).json());
  }

  private static Claims honest() {
    return Claims.honest(ORIGIN, RP_ID, "webauthn.get");
  }

  private static Refusal refusal(StepUpResult result) {
    assertThat(result).isInstanceOf(StepUpResult.Refused.class);
    return ((StepUpResult.Refused) result).refusal();
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
