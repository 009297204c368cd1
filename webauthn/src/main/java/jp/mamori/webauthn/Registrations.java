package jp.mamori.webauthn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.data.AuthenticatorAttestationResponse;
import com.yubico.webauthn.data.AuthenticatorData;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.ClientRegistrationExtensionOutputs;
import com.yubico.webauthn.data.CollectedClientData;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.ResidentKeyRequirement;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.data.UserVerificationRequirement;
import com.yubico.webauthn.exception.RegistrationFailedException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Registration of an authenticator for step-up ({@link StepUpRelyingParty#startRegistration},
 * {@link StepUpRelyingParty#finishRegistration}): only with an enrolment that authorises it, user
 * verification required, origin and RP ID checked before Yubico's verification, the model and the
 * attestation as the policy allows, backup flags as {@link BackupRules} allow; a new credential
 * retires the person's suspended (lost) ones.
 */
final class Registrations {

  /** What registration shares with the rest of the relying party. */
  record Context(
      RelyingPartySettings settings,
      CredentialStore credentials,
      CeremonyStore ceremonies,
      AuthenticatorEvents events,
      Clock clock,
      Duration challengeTtl,
      Set<ByteArray> allowedModels,
      Set<java.security.cert.X509Certificate> attestationRoots,
      Set<String> origins,
      ByteArray rpIdHash,
      boolean requireUserVerification,
      BackupRules backupRules,
      IntFunction<byte[]> random,
      CeremonyCheck ceremonyCheck) {

    byte[] randomBytes(int n) {
      return random.apply(n);
    }

    Optional<Refusal> checkCeremony(
        PendingCeremony ceremony, PendingCeremony.Kind kind, String username) {
      return ceremonyCheck.check(ceremony, kind, username);
    }
  }

  /** Whether a taken ceremony is of the kind and the person expected, and not expired. */
  @FunctionalInterface
  interface CeremonyCheck {
    Optional<Refusal> check(PendingCeremony ceremony, PendingCeremony.Kind kind, String username);
  }

  private final Context c;

  Registrations(Context c) {
    this.c = c;
  }

  /**
   * Options for {@code navigator.credentials.create()}, as JSON, when {@code enrolment} authorises
   * a new authenticator for {@code username} (see {@link Enrolment}): a step-up by an existing key
   * counts only if it is this person's and for {@link Operation#enrolment(String)}. The enrolment
   * is kept with the ceremony and comes back with the registered credential, for the record.
   */
  StepUpRelyingParty.Start start(String username, String displayName, Enrolment enrolment) {
    if (enrolment == null) {
      return new StepUpRelyingParty.Start.Refused(Refusal.ENROLMENT_NOT_AUTHORISED);
    }
    if (enrolment instanceof Enrolment.ByExistingKey(StepUpResult.Verified proof)
        && (!proof.username().equals(username)
            || !proof.operationDigest().equals(Operation.enrolment(username).digest()))) {
      return new StepUpRelyingParty.Start.Refused(Refusal.ENROLMENT_NOT_AUTHORISED);
    }
    ByteArray handle =
        c.credentials().userHandle(username).orElseGet(() -> new ByteArray(c.randomBytes(32)));
    PublicKeyCredentialCreationOptions options =
        YubicoViews.relyingParty(
                c.settings(),
                c.origins(),
                c.attestationRoots(),
                new YubicoViews.StoreRepository(c.credentials()))
            .startRegistration(
                StartRegistrationOptions.builder()
                    .user(
                        UserIdentity.builder()
                            .name(username)
                            .displayName(displayName)
                            .id(handle)
                            .build())
                    .authenticatorSelection(
                        AuthenticatorSelectionCriteria.builder()
                            .userVerification(UserVerificationRequirement.REQUIRED)
                            .residentKey(ResidentKeyRequirement.DISCOURAGED)
                            .build())
                    .timeout(c.challengeTtl().toMillis())
                    .build());
    try {
      c.ceremonies()
          .put(
              new PendingCeremony(
                  options.getChallenge(),
                  PendingCeremony.Kind.REGISTRATION,
                  username,
                  options.toJson(),
                  Optional.empty(),
                  c.clock().instant().plus(c.challengeTtl()),
                  Optional.of(enrolment.describe())));
      return new StepUpRelyingParty.Start.Options(options.toCredentialsCreateJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write registration options as JSON", e);
    }
  }

  /** Verifies a {@code navigator.credentials.create()} response and stores the credential. */
  RegistrationOutcome finish(String username, String label, String responseJson) {
    PublicKeyCredential<AuthenticatorAttestationResponse, ClientRegistrationExtensionOutputs> pkc;
    try {
      pkc = PublicKeyCredential.parseRegistrationResponseJson(responseJson);
    } catch (IOException | RuntimeException e) {
      return BackupRules.invalidFlags(e)
          .map(detail -> new RegistrationOutcome.Refused(Refusal.BACKUP_FLAGS_INVALID, detail))
          .orElseGet(() -> new RegistrationOutcome.Refused(Refusal.MALFORMED, e.getMessage()));
    }
    CollectedClientData clientData = pkc.getResponse().getClientData();
    Optional<PendingCeremony> taken = c.ceremonies().take(clientData.getChallenge());
    if (taken.isEmpty()) {
      return new RegistrationOutcome.Refused(Refusal.UNKNOWN_CHALLENGE, null);
    }
    PendingCeremony ceremony = taken.get();
    Optional<Refusal> early =
        c.checkCeremony(ceremony, PendingCeremony.Kind.REGISTRATION, username);
    if (early.isEmpty() && ceremony.enrolment().isEmpty()) {
      early =
          Optional.of(Refusal.ENROLMENT_NOT_AUTHORISED); // a ceremony stored by an older version
    }
    if (early.isEmpty() && !c.origins().contains(clientData.getOrigin())) {
      early = Optional.of(Refusal.ORIGIN);
    }
    AuthenticatorData authData = pkc.getResponse().getAttestation().getAuthenticatorData();
    if (early.isEmpty() && !authData.getRpIdHash().equals(c.rpIdHash())) {
      early = Optional.of(Refusal.RP_ID);
    }
    if (early.isEmpty() && c.requireUserVerification() && !authData.getFlags().UV) {
      early = Optional.of(Refusal.USER_VERIFICATION_MISSING);
    }
    if (early.isPresent()) {
      return new RegistrationOutcome.Refused(early.get(), null);
    }
    RegistrationResult result;
    try {
      result =
          YubicoViews.relyingParty(
                  c.settings(),
                  c.origins(),
                  c.attestationRoots(),
                  new YubicoViews.StoreRepository(c.credentials()))
              .finishRegistration(
                  FinishRegistrationOptions.builder()
                      .request(PublicKeyCredentialCreationOptions.fromJson(ceremony.requestJson()))
                      .response(pkc)
                      .build());
    } catch (RegistrationFailedException e) {
      return new RegistrationOutcome.Refused(Refusal.SIGNATURE, e.getMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored registration options are not valid JSON", e);
    }
    if (!c.attestationRoots().isEmpty() && !result.isAttestationTrusted()) {
      return new RegistrationOutcome.Refused(
          Refusal.ATTESTATION_UNTRUSTED,
          "attestation "
              + (result.getAttestationType() == null ? "?" : result.getAttestationType()));
    }
    Optional<ByteArray> aaguid = Optional.of(result.getAaguid());
    if (!c.allowedModels().isEmpty() && !c.allowedModels().contains(result.getAaguid())) {
      return new RegistrationOutcome.Refused(
          Refusal.AUTHENTICATOR_MODEL, "AAGUID " + result.getAaguid().getHex());
    }
    BackupFlags backup = YubicoViews.backupFlags(result);
    Optional<Refusal> notAccepted = c.backupRules().refusal(backup, false);
    if (notAccepted.isPresent()) {
      return new RegistrationOutcome.Refused(notAccepted.get(), BackupRules.detail(backup));
    }
    ByteArray handle;
    try {
      handle =
          PublicKeyCredentialCreationOptions.fromJson(ceremony.requestJson()).getUser().getId();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored registration options are not valid JSON", e);
    }
    StoredCredential stored =
        new StoredCredential(
            result.getKeyId().getId(),
            handle,
            username,
            result.getPublicKeyCose(),
            result.getSignatureCount(),
            aaguid,
            Optional.of(backup),
            StoredCredential.State.ACTIVE,
            label == null || label.isBlank() ? "認証器" : label,
            c.clock().instant());
    c.credentials().add(stored);
    String enrolment = ceremony.enrolment().orElseThrow();
    c.events()
        .record(
            AuthenticatorEvents.Kind.REGISTERED,
            username,
            stored.credentialId(),
            stored.label() + " (" + enrolment + ")");
    List<ByteArray> retired = new ArrayList<>();
    for (StoredCredential old : c.credentials().ofUser(username)) {
      if (old.state() == StoredCredential.State.SUSPENDED) {
        c.credentials()
            .setState(
                old.credentialId(),
                StoredCredential.State.RETIRED,
                "replaced by a new authenticator");
        c.events()
            .record(
                AuthenticatorEvents.Kind.RETIRED,
                username,
                old.credentialId(),
                "replaced by " + stored.credentialId().getBase64Url());
        retired.add(old.credentialId());
      }
    }
    return new RegistrationOutcome.Registered(stored, retired, enrolment);
  }
}
