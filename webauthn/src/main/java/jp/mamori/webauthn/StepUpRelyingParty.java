package jp.mamori.webauthn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.data.AuthenticatorAssertionResponse;
import com.yubico.webauthn.data.AuthenticatorData;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.ClientAssertionExtensionOutputs;
import com.yubico.webauthn.data.CollectedClientData;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.PublicKeyCredentialRequestOptions;
import com.yubico.webauthn.data.UserVerificationRequirement;
import com.yubico.webauthn.exception.AssertionFailedException;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mamori's own WebAuthn relying party, for step-up before sensitive operations (privileged checkout
 * and its approval, unlocks, temporary passwords): a fresh, user-verified assertion whose challenge
 * carries the digest of the operation, so the authenticator signs what is executed.
 *
 * <p>Rules: user verification (biometric or PIN) is required at registration and at every assertion
 * (MF-2); a challenge is used once and lives {@code challengeTtl}; the response's origin and RP ID
 * are checked before Yubico's own verification; an assertion reads the credential store once; a
 * signature counter that goes backwards suspends the credential and raises an alert (MF-3: a cloned
 * authenticator); a suspended or retired credential is refused; a new registration retires the
 * person's suspended (lost) credentials. User handles are random, never the employee number.
 *
 * <p>Backup flags (WebAuthn L3 §6.1): a credential's backup eligibility (BE) is recorded at
 * registration and handed to Yubico's library, which refuses an assertion whose BE differs and any
 * response with BS=1 but BE=0; backup-eligible credentials (synced passkeys) are refused unless
 * {@link RelyingPartySettings#acceptBackupEligible()}; a credential backed up since Mamori last saw
 * it is reported ({@link AuthenticatorEvents.Kind#BACKED_UP}). See {@link BackupRules}.
 */
public final class StepUpRelyingParty {

  /** Random bytes of a challenge before the operation digest. */
  static final int NONCE_BYTES = 16;

  private final RelyingPartySettings settings;
  private final CredentialStore credentials;
  private final CeremonyStore ceremonies;
  private final AuthenticatorEvents events;
  private final Clock clock;
  private final Duration challengeTtl;
  private final Set<ByteArray> allowedModels;
  private final Set<java.security.cert.X509Certificate> attestationRoots;
  private final SecureRandom random = new SecureRandom();
  private final ByteArray rpIdHash;
  private final Set<String> origins;
  private final boolean requireUserVerification;
  private final ThreadLocal<StoredCredential> current = new ThreadLocal<>();
  private final RelyingParty assertions;
  private final BackupRules backupRules;
  private final Registrations registrations;

  /**
   * @param allowedModels AAGUIDs of the authenticator models the policy allows; empty: any model
   */
  public StepUpRelyingParty(
      RelyingPartySettings settings,
      CredentialStore credentials,
      CeremonyStore ceremonies,
      AuthenticatorEvents events,
      Clock clock,
      Duration challengeTtl,
      Set<ByteArray> allowedModels) {
    this(settings, credentials, ceremonies, events, clock, challengeTtl, allowedModels, Set.of());
  }

  /**
   * @param attestationRoots the manufacturers' attestation root certificates (e.g. from the FIDO
   *     Metadata Service or the vendors); when given, registration asks for direct attestation and
   *     refuses an authenticator whose attestation does not chain to one of them, so that the model
   *     ({@code allowedModels}) is what its manufacturer vouches for, not what the authenticator
   *     claims. Revocation is not checked (no CRL or OCSP on the closed network).
   */
  public StepUpRelyingParty(
      RelyingPartySettings settings,
      CredentialStore credentials,
      CeremonyStore ceremonies,
      AuthenticatorEvents events,
      Clock clock,
      Duration challengeTtl,
      Set<ByteArray> allowedModels,
      Set<java.security.cert.X509Certificate> attestationRoots) {
    this(
        settings,
        credentials,
        ceremonies,
        events,
        clock,
        challengeTtl,
        allowedModels,
        attestationRoots,
        true);
  }

  /**
   * With {@code requireUserVerification} false only for the specification's test vectors, whose
   * authenticator did not verify the user; Mamori itself always requires it.
   */
  StepUpRelyingParty(
      RelyingPartySettings settings,
      CredentialStore credentials,
      CeremonyStore ceremonies,
      AuthenticatorEvents events,
      Clock clock,
      Duration challengeTtl,
      Set<ByteArray> allowedModels,
      Set<java.security.cert.X509Certificate> attestationRoots,
      boolean requireUserVerification) {
    this.requireUserVerification = requireUserVerification;
    this.attestationRoots = Set.copyOf(attestationRoots);
    if (challengeTtl.isNegative() || challengeTtl.isZero() || challengeTtl.toMinutes() > 10) {
      throw new IllegalArgumentException(
          "mamori.step-up.challenge-ttl: expected more than 0 and at most 10 minutes, found "
              + challengeTtl);
    }
    this.settings = settings;
    this.credentials = credentials;
    this.ceremonies = ceremonies;
    this.events = events;
    this.clock = clock;
    this.challengeTtl = challengeTtl;
    this.allowedModels = Set.copyOf(allowedModels);
    this.rpIdHash = sha256(settings.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    this.origins =
        settings.origins().stream().map(StepUpRelyingParty::origin).collect(Collectors.toSet());
    this.assertions =
        YubicoViews.relyingParty(
            settings, origins, attestationRoots, new YubicoViews.CurrentCredential(current));
    this.backupRules = new BackupRules(settings.acceptBackupEligible());
    this.registrations =
        new Registrations(
            new Registrations.Context(
                settings,
                credentials,
                ceremonies,
                events,
                clock,
                challengeTtl,
                this.allowedModels,
                this.attestationRoots,
                origins,
                rpIdHash,
                requireUserVerification,
                backupRules,
                this::randomBytes,
                this::checkCeremony));
  }

  // ---------------------------------------------------------------- registration

  /**
   * Options for {@code navigator.credentials.create()}, as JSON, when {@code enrolment} authorises
   * a new authenticator for {@code username} (see {@link Enrolment}): a step-up by an existing key
   * counts only if it is this person's and for {@link Operation#enrolment(String)}. The enrolment
   * is kept with the ceremony and comes back with the registered credential, for the record.
   */
  public Start startRegistration(String username, String displayName, Enrolment enrolment) {
    return registrations.start(username, displayName, enrolment);
  }

  /** Verifies a {@code navigator.credentials.create()} response and stores the credential. */
  public RegistrationOutcome finishRegistration(
      String username, String label, String responseJson) {
    return registrations.finish(username, label, responseJson);
  }

  // ---------------------------------------------------------------- step-up

  /** The options of a started step-up or registration, or why none can start. */
  public sealed interface Start {
    /** Options for {@code navigator.credentials.get()} (or {@code create()}), as JSON. */
    record Options(String json) implements Start {}

    record Refused(Refusal refusal) implements Start {}
  }

  /** Starts a step-up for one operation: the challenge is a nonce and the operation's digest. */
  public Start startStepUp(String username, Operation operation) {
    List<PublicKeyCredentialDescriptor> allowed =
        credentials.ofUser(username).stream()
            .filter(c -> c.state() == StoredCredential.State.ACTIVE)
            .map(c -> PublicKeyCredentialDescriptor.builder().id(c.credentialId()).build())
            .toList();
    if (allowed.isEmpty()) {
      return new Start.Refused(Refusal.NO_CREDENTIAL);
    }
    ByteArray digest = operation.digest();
    ByteArray challenge = new ByteArray(randomBytes(NONCE_BYTES)).concat(digest);
    AssertionRequest request =
        AssertionRequest.builder()
            .publicKeyCredentialRequestOptions(
                PublicKeyCredentialRequestOptions.builder()
                    .challenge(challenge)
                    .rpId(settings.id())
                    .allowCredentials(allowed)
                    .userVerification(UserVerificationRequirement.REQUIRED)
                    .timeout(challengeTtl.toMillis())
                    .build())
            .username(username)
            .build();
    try {
      ceremonies.put(
          new PendingCeremony(
              challenge,
              PendingCeremony.Kind.STEP_UP,
              username,
              request.toJson(),
              Optional.of(digest),
              clock.instant().plus(challengeTtl)));
      return new Start.Options(request.toCredentialsGetJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write assertion options as JSON", e);
    }
  }

  /**
   * Verifies a step-up assertion for {@code operation}, which must be the operation the step-up was
   * started for: the caller passes what it is about to execute.
   */
  public StepUpResult finishStepUp(String username, Operation operation, String responseJson) {
    PublicKeyCredential<AuthenticatorAssertionResponse, ClientAssertionExtensionOutputs> pkc;
    try {
      pkc = PublicKeyCredential.parseAssertionResponseJson(responseJson);
    } catch (IOException | RuntimeException e) {
      return BackupRules.invalidFlags(e)
          .map(detail -> StepUpResult.Refused.of(Refusal.BACKUP_FLAGS_INVALID, detail))
          .orElseGet(() -> StepUpResult.Refused.of(Refusal.MALFORMED, e.getMessage()));
    }
    CollectedClientData clientData = pkc.getResponse().getClientData();
    ByteArray challenge = clientData.getChallenge();
    Optional<PendingCeremony> taken = ceremonies.take(challenge); // used once, whatever follows
    if (taken.isEmpty()) {
      return StepUpResult.Refused.of(Refusal.UNKNOWN_CHALLENGE, null);
    }
    PendingCeremony ceremony = taken.get();
    Optional<Refusal> early = checkCeremony(ceremony, PendingCeremony.Kind.STEP_UP, username);
    if (early.isPresent()) {
      return StepUpResult.Refused.of(early.get(), null);
    }
    ByteArray digest = operation.digest();
    if (!ceremony.operationDigest().equals(Optional.of(digest)) || !endsWith(challenge, digest)) {
      return StepUpResult.Refused.of(
          Refusal.OPERATION_MISMATCH, operation.kind() + " " + operation.subject());
    }
    return verify(ceremony, username, digest, pkc);
  }

  /**
   * The checks of an assertion once its ceremony is known to be this person's and this operation's:
   * origin, RP ID, user verification, the credential (one lookup) and its state, the signature and
   * the unchanged backup eligibility (Yubico), the counter, and the policy on backup flags.
   */
  StepUpResult verify(
      PendingCeremony ceremony,
      String username,
      ByteArray digest,
      PublicKeyCredential<AuthenticatorAssertionResponse, ClientAssertionExtensionOutputs> pkc) {
    CollectedClientData clientData = pkc.getResponse().getClientData();
    if (!origins.contains(clientData.getOrigin())) {
      return StepUpResult.Refused.of(Refusal.ORIGIN, clientData.getOrigin());
    }
    AuthenticatorData authData = pkc.getResponse().getParsedAuthenticatorData();
    if (!authData.getRpIdHash().equals(rpIdHash)) {
      return StepUpResult.Refused.of(Refusal.RP_ID, null);
    }
    if (requireUserVerification && !authData.getFlags().UV) {
      return StepUpResult.Refused.of(Refusal.USER_VERIFICATION_MISSING, null);
    }
    Optional<StoredCredential> found = credentials.find(pkc.getId()); // the one lookup
    if (found.isEmpty() || !found.get().username().equals(username)) {
      return StepUpResult.Refused.of(Refusal.UNKNOWN_CREDENTIAL, pkc.getId().getBase64Url());
    }
    StoredCredential credential = found.get();
    switch (credential.state()) {
      case SUSPENDED -> {
        return new StepUpResult.Refused(
            Refusal.CREDENTIAL_SUSPENDED, null, Optional.of(credential.credentialId()));
      }
      case RETIRED -> {
        return new StepUpResult.Refused(
            Refusal.CREDENTIAL_RETIRED, null, Optional.of(credential.credentialId()));
      }
      case ACTIVE -> {}
    }
    // The request as issued, for the one credential found (the person's, active): the stored
    // JSON need not be parsed again.
    AssertionRequest request =
        AssertionRequest.builder()
            .publicKeyCredentialRequestOptions(
                PublicKeyCredentialRequestOptions.builder()
                    .challenge(ceremony.challenge())
                    .rpId(settings.id())
                    .allowCredentials(
                        List.of(
                            PublicKeyCredentialDescriptor.builder()
                                .id(credential.credentialId())
                                .build()))
                    .userVerification(
                        requireUserVerification
                            ? UserVerificationRequirement.REQUIRED
                            : UserVerificationRequirement.PREFERRED)
                    .build())
            .username(username)
            .build();
    AssertionResult result;
    current.set(credential);
    try {
      result =
          assertions.finishAssertion(
              FinishAssertionOptions.builder().request(request).response(pkc).build());
    } catch (AssertionFailedException e) {
      Optional<String> changed =
          BackupRules.eligibilityChanged(credential.backup(), authData.getFlags());
      return new StepUpResult.Refused(
          changed.isPresent() ? Refusal.BACKUP_ELIGIBILITY_CHANGED : Refusal.SIGNATURE,
          changed.map(c -> c + " (" + e.getMessage() + ")").orElse(e.getMessage()),
          Optional.of(credential.credentialId()));
    } finally {
      current.remove();
    }
    if (!result.isSuccess()) {
      return new StepUpResult.Refused(
          Refusal.SIGNATURE, null, Optional.of(credential.credentialId()));
    }
    // from here the response is verified: its flags are the authenticator's, signed
    BackupFlags backup = YubicoViews.backupFlags(result);
    boolean backedUpSince = BackupRules.backedUpSince(credential.backup(), backup);
    if (backedUpSince) {
      events.record(
          AuthenticatorEvents.Kind.BACKED_UP,
          username,
          credential.credentialId(),
          "recorded " + credential.backup().orElseThrow() + "; reported " + backup);
    }
    if (!result.isSignatureCounterValid()) {
      credentials.setState(
          credential.credentialId(),
          StoredCredential.State.SUSPENDED,
          "signature counter went backwards: possible clone");
      events.record(
          AuthenticatorEvents.Kind.COUNTER_REGRESSION,
          username,
          credential.credentialId(),
          "stored " + credential.signCount() + ", received " + result.getSignatureCount());
      return new StepUpResult.Refused(
          Refusal.COUNTER_REGRESSION,
          "stored " + credential.signCount() + ", received " + result.getSignatureCount(),
          Optional.of(credential.credentialId()));
    }
    Optional<Refusal> notAccepted = backupRules.refusal(backup, backedUpSince);
    if (notAccepted.isPresent()) {
      return new StepUpResult.Refused(
          notAccepted.get(), BackupRules.detail(backup), Optional.of(credential.credentialId()));
    }
    credentials.used(
        credential.credentialId(), result.getSignatureCount(), backup, clock.instant());
    return new StepUpResult.Verified(
        username, credential.credentialId(), digest, result.getSignatureCount());
  }

  // ---------------------------------------------------------------- lost and found (MF-3)

  /** A lost authenticator: suspended at once; the person's other credentials stay as they are. */
  public boolean reportLost(String username, ByteArray credentialId, String reason) {
    return change(
        username,
        credentialId,
        StoredCredential.State.ACTIVE,
        StoredCredential.State.SUSPENDED,
        AuthenticatorEvents.Kind.LOST,
        reason);
  }

  /** A lost authenticator found again (not yet replaced): usable again. */
  public boolean reportFound(String username, ByteArray credentialId, String reason) {
    return change(
        username,
        credentialId,
        StoredCredential.State.SUSPENDED,
        StoredCredential.State.ACTIVE,
        AuthenticatorEvents.Kind.FOUND,
        reason);
  }

  private boolean change(
      String username,
      ByteArray credentialId,
      StoredCredential.State from,
      StoredCredential.State to,
      AuthenticatorEvents.Kind kind,
      String reason) {
    Optional<StoredCredential> found = credentials.find(credentialId);
    if (found.isEmpty()
        || !found.get().username().equals(username)
        || found.get().state() != from) {
      return false;
    }
    credentials.setState(credentialId, to, reason);
    events.record(kind, username, credentialId, reason);
    return true;
  }

  /** Forgets expired ceremonies (run periodically). */
  public int purgeExpired() {
    return ceremonies.purgeExpired(clock.instant());
  }

  // ---------------------------------------------------------------- helpers

  private Optional<Refusal> checkCeremony(
      PendingCeremony ceremony, PendingCeremony.Kind kind, String username) {
    if (ceremony.kind() != kind) {
      return Optional.of(Refusal.WRONG_CEREMONY);
    }
    if (!ceremony.username().equals(username)) {
      return Optional.of(Refusal.WRONG_USER);
    }
    if (!clock.instant().isBefore(ceremony.expiresAt())) {
      return Optional.of(Refusal.EXPIRED);
    }
    return Optional.empty();
  }

  private static boolean endsWith(ByteArray challenge, ByteArray digest) {
    byte[] c = challenge.getBytes();
    byte[] d = digest.getBytes();
    return c.length == NONCE_BYTES + d.length
        && Arrays.equals(c, NONCE_BYTES, c.length, d, 0, d.length);
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String origin(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  static ByteArray sha256(byte[] bytes) {
    try {
      return new ByteArray(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
