package jp.mamori.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.PublicKeyCredentialParameters;
import com.yubico.webauthn.data.PublicKeyCredentialRequestOptions;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.data.UserVerificationRequirement;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The WebAuthn specification's published test vectors: W3C Web Authentication Level 3, §16.2 "ES256
 * Credential with No Attestation" (RP ID {@code example.org}, origin {@code https://example.org}).
 * Bytes made by another implementation: the registration and the assertion verify here, one changed
 * signature bit does not, and since that authenticator did not verify the user (flags UP|BE|BS),
 * Mamori's policy, which requires user verification, refuses the same assertion. The vector's
 * credential is backup eligible and backed up (BE=1, BS=1, a synced passkey): it registers only
 * where backup-eligible credentials are accepted, and its flags are recorded as the bytes say.
 */
class SpecificationVectorsTest {

  private static final ByteArray REG_CHALLENGE =
      hex("00c30fb78531c464d2b6771dab8d7b603c01162f2fa486bea70f283ae556e130");
  private static final ByteArray REG_CLIENT_DATA =
      hex(
          "7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a2241"
              + "4d4d507434557878475453746e63647134313759447742466938767049612d7077386f4f75565734"
              + "5441222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73"
              + "734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a53"
              + "4f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c64"
              + "7320696e20746865206675747572652c207375636820617320746869733a20426b5165446a646354"
              + "427258426941774a544c453551227d");
  private static final ByteArray ATTESTATION_OBJECT =
      hex(
          "a363666d74646e6f6e656761747453746d74a068617574684461746158a4bfabc37432958b063360"
              + "d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b559000000008446ccb9ab1db374750b2367ff"
              + "6f3a1f0020f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4a50102"
              + "03262001215820afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df6122"
              + "5820930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220");
  private static final ByteArray CREDENTIAL_ID =
      hex("f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4");
  private static final ByteArray AUTH_CHALLENGE =
      hex("39c0e7521417ba54d43e8dc95174f423dee9bf3cd804ff6d65c857c9abf4d408");
  private static final ByteArray AUTHENTICATOR_DATA =
      hex("bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b51900000000");
  private static final ByteArray AUTH_CLIENT_DATA =
      hex(
          "7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a224f63446e"
              + "55685158756c5455506f334a5558543049393770767a7a59425039745a6368587961763031416722"
              + "2c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f72"
              + "6967696e223a66616c73657d");
  private static final ByteArray SIGNATURE =
      hex(
          "3046022100f50a4e2e4409249c4a853ba361282f09841df4dd4547a13a87780218deffcd38022100"
              + "8480ac0f0b93538174f575bf11a1dd5d78c6e486013f937295ea13653e331e87");

  /** Mamori's default: backup-eligible credentials (such as the vector's) refused. */
  private static final RelyingPartySettings EXAMPLE_ORG =
      new RelyingPartySettings("example.org", "Example", Set.of(URI.create("https://example.org")));

  private static final ByteArray USER_HANDLE = new ByteArray(new byte[] {1, 2, 3, 4});
  private static final Instant NOW = Instant.parse("2027-04-01T00:00:00Z");

  private final InMemoryCredentialStore store = new InMemoryCredentialStore();
  private final InMemoryCeremonyStore ceremonies = new InMemoryCeremonyStore();

  @Test
  void vectorWhenRegisteredAndAssertedThenBothVerify() throws Exception {
    StepUpRelyingParty rp = relyingParty(false);
    RegistrationOutcome registered = registerVector(rp);

    assertThat(registered).isInstanceOf(RegistrationOutcome.Registered.class);
    assertThat(store.find(CREDENTIAL_ID)).isPresent();
    assertThat(rp.verify(assertionCeremony(), "vector", null, assertion(SIGNATURE)))
        .isInstanceOfSatisfying(
            StepUpResult.Verified.class,
            v -> assertThat(v.credentialId()).isEqualTo(CREDENTIAL_ID));
  }

  @Test
  void vectorWhenRegisteredThenItsBackupFlagsAreRecordedAsTheBytesSay() throws Exception {
    registerVector(relyingParty(false));

    assertThat(store.find(CREDENTIAL_ID).orElseThrow().backup())
        .contains(new BackupFlags(true, true));
  }

  @Test
  void vectorWhenBackupEligibleCredentialsAreNotAcceptedThenRegistrationRefusedAndNothingStored()
      throws Exception {
    StepUpRelyingParty mamoriDefault =
        new StepUpRelyingParty(
            EXAMPLE_ORG,
            store,
            ceremonies,
            AuthenticatorEvents.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5),
            Set.of(),
            Set.of(),
            false);

    assertThat(registerVector(mamoriDefault))
        .isInstanceOfSatisfying(
            RegistrationOutcome.Refused.class,
            r -> {
              assertThat(r.refusal()).isEqualTo(Refusal.BACKUP_ELIGIBLE);
              assertThat(r.detail()).contains("found BE=1, BS=1");
            });
    assertThat(store.find(CREDENTIAL_ID)).isEmpty();
    assertThat(store.userHandle("vector")).isEmpty();
  }

  @Test
  void vectorWhenOneSignatureBitChangedThenRefused() throws Exception {
    StepUpRelyingParty rp = relyingParty(false);
    registerVector(rp);
    byte[] forged = SIGNATURE.getBytes();
    forged[forged.length - 1] ^= 0x01;

    StepUpResult result =
        rp.verify(assertionCeremony(), "vector", null, assertion(new ByteArray(forged)));

    assertThat(result)
        .isInstanceOfSatisfying(
            StepUpResult.Refused.class, r -> assertThat(r.refusal()).isEqualTo(Refusal.SIGNATURE));
  }

  @Test
  void vectorWhenMamoriRequiresUserVerificationThenTheUnverifiedAssertionIsRefused()
      throws Exception {
    registerVector(relyingParty(false));

    StepUpResult result =
        relyingParty(true).verify(assertionCeremony(), "vector", null, assertion(SIGNATURE));

    assertThat(result)
        .isInstanceOfSatisfying(
            StepUpResult.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.USER_VERIFICATION_MISSING));
  }

  /** A relying party that accepts the vector's backup-eligible credential. */
  private StepUpRelyingParty relyingParty(boolean requireUserVerification) {
    return new StepUpRelyingParty(
        EXAMPLE_ORG.withAcceptBackupEligible(true),
        store,
        ceremonies,
        AuthenticatorEvents.NONE,
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofMinutes(5),
        Set.of(),
        Set.of(),
        requireUserVerification);
  }

  private RegistrationOutcome registerVector(StepUpRelyingParty rp) throws Exception {
    PublicKeyCredentialCreationOptions options =
        PublicKeyCredentialCreationOptions.builder()
            .rp(RelyingPartyIdentity.builder().id("example.org").name("Example").build())
            .user(
                UserIdentity.builder().name("vector").displayName("vector").id(USER_HANDLE).build())
            .challenge(REG_CHALLENGE)
            .pubKeyCredParams(List.of(PublicKeyCredentialParameters.ES256))
            .authenticatorSelection(
                AuthenticatorSelectionCriteria.builder()
                    .userVerification(UserVerificationRequirement.PREFERRED)
                    .build())
            .build();
    ceremonies.put(
        new PendingCeremony(
            REG_CHALLENGE,
            PendingCeremony.Kind.REGISTRATION,
            "vector",
            options.toJson(),
            Optional.empty(),
            NOW.plusSeconds(60),
            Optional.of("grant:vector issued by the test")));
    String response =
        "{\"type\":\"public-key\",\"id\":\""
            + CREDENTIAL_ID.getBase64Url()
            + "\",\"rawId\":\""
            + CREDENTIAL_ID.getBase64Url()
            + "\",\"response\":{\"clientDataJSON\":\""
            + REG_CLIENT_DATA.getBase64Url()
            + "\",\"attestationObject\":\""
            + ATTESTATION_OBJECT.getBase64Url()
            + "\"},\"clientExtensionResults\":{}}";
    return rp.finishRegistration("vector", "spec vector", response);
  }

  private static PendingCeremony assertionCeremony() throws Exception {
    AssertionRequest request =
        AssertionRequest.builder()
            .publicKeyCredentialRequestOptions(
                PublicKeyCredentialRequestOptions.builder()
                    .challenge(AUTH_CHALLENGE)
                    .rpId("example.org")
                    .userVerification(UserVerificationRequirement.PREFERRED)
                    .build())
            .username("vector")
            .build();
    return new PendingCeremony(
        AUTH_CHALLENGE,
        PendingCeremony.Kind.STEP_UP,
        "vector",
        request.toJson(),
        Optional.empty(),
        NOW.plusSeconds(60));
  }

  private static PublicKeyCredential<
          com.yubico.webauthn.data.AuthenticatorAssertionResponse,
          com.yubico.webauthn.data.ClientAssertionExtensionOutputs>
      assertion(ByteArray signature) throws Exception {
    return PublicKeyCredential.parseAssertionResponseJson(
        "{\"type\":\"public-key\",\"id\":\""
            + CREDENTIAL_ID.getBase64Url()
            + "\",\"rawId\":\""
            + CREDENTIAL_ID.getBase64Url()
            + "\",\"response\":{\"clientDataJSON\":\""
            + AUTH_CLIENT_DATA.getBase64Url()
            + "\",\"authenticatorData\":\""
            + AUTHENTICATOR_DATA.getBase64Url()
            + "\",\"signature\":\""
            + signature.getBase64Url()
            + "\"},\"clientExtensionResults\":{}}");
  }

  private static ByteArray hex(String hex) {
    try {
      return ByteArray.fromHex(hex);
    } catch (com.yubico.webauthn.data.exception.HexException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
