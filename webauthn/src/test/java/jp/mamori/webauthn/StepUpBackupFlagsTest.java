package jp.mamori.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import com.yubico.webauthn.data.ByteArray;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import jp.mamori.webauthn.testing.SoftwareAuthenticator.Claims;
import org.junit.jupiter.api.Test;

/**
 * Backup flags (WebAuthn L3 §6.1: BE, backup eligible; BS, backed up) in Mamori's step-up, with a
 * software authenticator that sets them and Yubico's library verifying every response (MF-2): a
 * device-bound key is registered with its flags recorded; a synced passkey (BE=1) is refused unless
 * the municipality accepts it; BS=1 without BE=1 is refused; a BE different from the recorded one
 * is refused; a key backed up since registration (BS 0 → 1) is reported, and refused by default.
 * Every refusal leaves the store as it was: no credential, no counter advanced.
 */
class StepUpBackupFlagsTest {

  private static final String ORIGIN = "https://mamori.example.lg.jp";
  private static final String RP_ID = "mamori.example.lg.jp";
  private static final Operation APPROVE_42 =
      Operation.of("privileged-checkout.approve", "checkout-request/42", Map.of("minutes", "60"));
  private static final Enrolment DESK = new Enrolment.ByGrant("7", "desk-tanaka");
  private static final RelyingPartySettings SETTINGS =
      new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN)));
  private static final BackupFlags SYNCED_NOT_YET_BACKED_UP = new BackupFlags(true, false);
  private static final BackupFlags SYNCED_BACKED_UP = new BackupFlags(true, true);

  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private final InMemoryCeremonyStore ceremonies = new InMemoryCeremonyStore();
  private final List<String> events = new ArrayList<>();
  private final List<String> eventDetails = new ArrayList<>();

  /** Mamori's default: only device-bound credentials. */
  private final StepUpRelyingParty mamoriDefault = relyingParty(store, SETTINGS);

  /** The same stores where the municipality accepts synced passkeys. */
  private final StepUpRelyingParty acceptingSynced =
      relyingParty(store, SETTINGS.withAcceptBackupEligible(true));

  private final SoftwareAuthenticator key = new SoftwareAuthenticator();

  @Test
  void settingsWhenNotSaidThenBackupEligibleCredentialsAreRefused() {
    assertThat(SETTINGS.acceptBackupEligible()).isFalse();
  }

  @Test
  void registrationWhenDeviceBoundThenRegisteredWithBothFlagsRecordedAndStepUpVerified() {
    RegistrationOutcome outcome = register(mamoriDefault);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            RegistrationOutcome.Registered.class,
            r -> assertThat(r.credential().backup()).contains(BackupFlags.DEVICE_BOUND));
    assertThat(stepUp(mamoriDefault)).isInstanceOf(StepUpResult.Verified.class);
    assertThat(stored().signCount()).isEqualTo(1);
    assertThat(stored().backup()).contains(BackupFlags.DEVICE_BOUND);
    assertThat(events).containsExactly("REGISTERED A00123");
  }

  @Test
  void registrationWhenBackupEligibleAndNotAcceptedThenRefusedAndNothingStored() {
    for (BackupFlags synced : List.of(SYNCED_NOT_YET_BACKED_UP, SYNCED_BACKED_UP)) {
      key.backupFlags(synced.eligible(), synced.backedUp());

      assertThat(register(mamoriDefault))
          .as("%s", synced)
          .isInstanceOfSatisfying(
              RegistrationOutcome.Refused.class,
              r -> {
                assertThat(r.refusal()).isEqualTo(Refusal.BACKUP_ELIGIBLE);
                assertThat(r.detail())
                    .contains("expected a device-bound credential (BE=0), found " + synced)
                    .contains("mamori.step-up.accept-backup-eligible=true");
              });
    }
    assertThat(store.find(key.credentialId())).isEmpty();
    assertThat(store.userHandle("A00123")).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void registrationWhenBackupEligibleAndAcceptedThenRegisteredWithItsFlagsAndStepUpVerified() {
    key.backupFlags(true, false);

    assertThat(register(acceptingSynced)).isInstanceOf(RegistrationOutcome.Registered.class);
    assertThat(stored().backup()).contains(SYNCED_NOT_YET_BACKED_UP);
    assertThat(stepUp(acceptingSynced)).isInstanceOf(StepUpResult.Verified.class);
    assertThat(stored().signCount()).isEqualTo(1);
  }

  @Test
  void registrationWhenBackedUpButNotEligibleThenRefusedAsInvalidEvenWhereSyncedAreAccepted() {
    key.backupFlags(false, true);

    for (StepUpRelyingParty rp : List.of(mamoriDefault, acceptingSynced)) {
      assertThat(register(rp))
          .isInstanceOfSatisfying(
              RegistrationOutcome.Refused.class,
              r -> {
                assertThat(r.refusal()).isEqualTo(Refusal.BACKUP_FLAGS_INVALID);
                assertThat(r.detail())
                    .startsWith("expected BS=0 when BE=0, found: ")
                    .contains("BE=0, BS=1");
              });
    }
    assertThat(store.find(key.credentialId())).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void stepUpWhenBackedUpButNotEligibleThenRefusedAsInvalidAndNothingRecorded() {
    register(mamoriDefault);
    key.backupFlags(false, true);

    assertThat(refusal(stepUp(mamoriDefault))).isEqualTo(Refusal.BACKUP_FLAGS_INVALID);
    assertThat(stored().signCount()).isZero();
    assertThat(stored().backup()).contains(BackupFlags.DEVICE_BOUND);
    assertThat(events).containsExactly("REGISTERED A00123");
  }

  @Test
  void stepUpWhenADeviceBoundKeyNowSaysBackupEligibleThenRefusedAsChangedWhateverThePolicy() {
    register(mamoriDefault);
    key.backupFlags(true, false);

    for (StepUpRelyingParty rp : List.of(mamoriDefault, acceptingSynced)) {
      StepUpResult result = stepUp(rp);

      assertThat(result)
          .isInstanceOfSatisfying(
              StepUpResult.Refused.class,
              r -> {
                assertThat(r.refusal()).isEqualTo(Refusal.BACKUP_ELIGIBILITY_CHANGED);
                assertThat(r.detail())
                    .startsWith("expected BE=0 as recorded at registration, found BE=1")
                    .contains("Backup eligibility must not change"); // Yubico's words
                assertThat(r.credentialId()).contains(key.credentialId());
              });
    }
    // refused before the signature was checked: proves nothing about the key, changes nothing
    assertThat(stored().signCount()).isZero();
    assertThat(stored().state()).isEqualTo(StoredCredential.State.ACTIVE);
    assertThat(stored().backup()).contains(BackupFlags.DEVICE_BOUND);
    assertThat(events).containsExactly("REGISTERED A00123");
  }

  @Test
  void stepUpWhenASyncedKeyNowSaysNotBackupEligibleThenRefusedAsChanged() {
    key.backupFlags(true, false);
    register(acceptingSynced);
    key.backupFlags(false, false);

    assertThat(stepUp(acceptingSynced))
        .isInstanceOfSatisfying(
            StepUpResult.Refused.class,
            r -> {
              assertThat(r.refusal()).isEqualTo(Refusal.BACKUP_ELIGIBILITY_CHANGED);
              assertThat(r.detail())
                  .startsWith("expected BE=1 as recorded at registration, found BE=0");
            });
    assertThat(stored().signCount()).isZero();
    assertThat(stored().backup()).contains(SYNCED_NOT_YET_BACKED_UP);
  }

  @Test
  void stepUpWhenBackedUpSinceRegistrationAndAcceptedThenVerifiedReportedOnceAndRecorded() {
    key.backupFlags(true, false);
    register(acceptingSynced);
    key.backupFlags(true, true); // the cloud account has copied the key

    assertThat(stepUp(acceptingSynced)).isInstanceOf(StepUpResult.Verified.class);
    assertThat(stepUp(acceptingSynced)).isInstanceOf(StepUpResult.Verified.class);

    assertThat(events).containsExactly("REGISTERED A00123", "BACKED_UP A00123");
    assertThat(eventDetails.get(1)).isEqualTo("recorded BE=1, BS=0; reported BE=1, BS=1");
    assertThat(stored().backup()).contains(SYNCED_BACKED_UP);
    assertThat(stored().signCount()).isEqualTo(2);
  }

  @Test
  void stepUpWhenBackedUpSinceRegistrationAndNotAcceptedThenRefusedReportedAndNothingRecorded() {
    key.backupFlags(true, false);
    register(acceptingSynced); // registered while the municipality accepted synced passkeys
    key.backupFlags(true, true);

    StepUpResult result = stepUp(mamoriDefault); // … and no longer does

    assertThat(result)
        .isInstanceOfSatisfying(
            StepUpResult.Refused.class,
            r -> {
              assertThat(r.refusal()).isEqualTo(Refusal.CREDENTIAL_BACKED_UP);
              assertThat(r.detail()).contains("found BE=1, BS=1");
            });
    assertThat(events).containsExactly("REGISTERED A00123", "BACKED_UP A00123");
    assertThat(stored().signCount()).isZero();
    assertThat(stored().backup()).contains(SYNCED_NOT_YET_BACKED_UP);
    assertThat(stored().state()).isEqualTo(StoredCredential.State.ACTIVE);
  }

  @Test
  void stepUpWhenBackupEligibleAndNoLongerAcceptedThenRefusedWithoutReportingABackup() {
    key.backupFlags(true, false);
    register(acceptingSynced);

    assertThat(refusal(stepUp(mamoriDefault))).isEqualTo(Refusal.BACKUP_ELIGIBLE);
    assertThat(events).containsExactly("REGISTERED A00123");
    assertThat(stored().signCount()).isZero();
  }

  @Test
  void stepUpWhenFlagsWereNeverRecordedThenTheFirstVerifiedAssertionRecordsThemForGood() {
    register(mamoriDefault);
    InMemoryCredentialStore legacy = new InMemoryCredentialStore(); // before flags were recorded
    StoredCredential old = stored();
    legacy.add(
        new StoredCredential(
            old.credentialId(),
            old.userHandle(),
            old.username(),
            old.publicKeyCose(),
            old.signCount(),
            old.aaguid(),
            Optional.empty(),
            old.state(),
            old.label(),
            old.registeredAt()));
    StepUpRelyingParty legacyDefault = relyingParty(legacy, SETTINGS);
    StepUpRelyingParty legacyAccepting =
        relyingParty(legacy, SETTINGS.withAcceptBackupEligible(true));

    key.backupFlags(true, true);
    assertThat(refusal(stepUp(legacyDefault)))
        .as("unknown flags: the policy judges the ones reported")
        .isEqualTo(Refusal.BACKUP_ELIGIBLE);
    assertThat(legacy.find(key.credentialId()).orElseThrow().backup()).isEmpty();

    key.backupFlags(false, false);
    assertThat(stepUp(legacyDefault)).isInstanceOf(StepUpResult.Verified.class);
    assertThat(legacy.find(key.credentialId()).orElseThrow().backup())
        .contains(BackupFlags.DEVICE_BOUND);

    key.backupFlags(true, false);
    assertThat(refusal(stepUp(legacyAccepting)))
        .as("once recorded, BE is handed to the library, which refuses a change")
        .isEqualTo(Refusal.BACKUP_ELIGIBILITY_CHANGED);
    assertThat(events).containsExactly("REGISTERED A00123");
  }

  @Test
  void refusalsWhenAboutBackupFlagsThenSayWhatToDoInJapaneseAndEnglish() {
    for (Refusal r :
        List.of(
            Refusal.BACKUP_FLAGS_INVALID,
            Refusal.BACKUP_ELIGIBILITY_CHANGED,
            Refusal.BACKUP_ELIGIBLE,
            Refusal.CREDENTIAL_BACKED_UP)) {
      assertThat(r.ja()).as(r.name()).containsPattern("[\\p{IsHiragana}\\p{IsKatakana}]");
      assertThat(r.en()).as(r.name()).isNotBlank();
      assertThat(r.requirementId()).as(r.name()).isEqualTo("MF-2");
    }
    assertThat(Refusal.BACKUP_ELIGIBLE.ja()).contains("登録してください");
    assertThat(Refusal.CREDENTIAL_BACKED_UP.en()).contains("register a device-bound");
  }

  // ------------------------------------------------------------------------------------------

  private StepUpRelyingParty relyingParty(CredentialStore credentials, RelyingPartySettings s) {
    return new StepUpRelyingParty(
        s,
        credentials,
        ceremonies,
        (kind, user, id, detail) -> {
          events.add(kind + " " + user);
          eventDetails.add(detail);
        },
        Clock.fixed(Instant.parse("2027-04-01T00:00:00Z"), ZoneOffset.UTC),
        Duration.ofMinutes(2),
        Set.of());
  }

  private RegistrationOutcome register(StepUpRelyingParty rp) {
    StepUpRelyingParty.Start start = rp.startRegistration("A00123", "職員 A00123", DESK);
    assertThat(start).isInstanceOf(StepUpRelyingParty.Start.Options.class);
    ByteArray challenge =
        SoftwareAuthenticator.challengeOf(((StepUpRelyingParty.Start.Options) start).json());
    return rp.finishRegistration("A00123", "鍵", key.register(challenge, ORIGIN, RP_ID, true));
  }

  private StepUpResult stepUp(StepUpRelyingParty rp) {
    StepUpRelyingParty.Start start = rp.startStepUp("A00123", APPROVE_42);
    assertThat(start).isInstanceOf(StepUpRelyingParty.Start.Options.class);
    ByteArray challenge =
        SoftwareAuthenticator.challengeOf(((StepUpRelyingParty.Start.Options) start).json());
    return rp.finishStepUp(
        "A00123",
        APPROVE_42,
        key.authenticate(challenge, Claims.honest(ORIGIN, RP_ID, "webauthn.get")));
  }

  private StoredCredential stored() {
    return store.find(key.credentialId()).orElseThrow();
  }

  private static Refusal refusal(StepUpResult result) {
    assertThat(result).isInstanceOf(StepUpResult.Refused.class);
    return ((StepUpResult.Refused) result).refusal();
  }
}
