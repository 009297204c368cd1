package jp.mamori.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.data.AuthenticatorDataFlags;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.exception.AssertionFailedException;
import java.util.Optional;
import java.util.Set;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import jp.mamori.webauthn.testing.SoftwareAuthenticator.Claims;
import org.junit.jupiter.api.Test;

/**
 * What Yubico's webauthn-server-core does with the backup flags on its own (WebAuthn L3 §6.1), with
 * no Mamori code in the way: Mamori relies on these two checks instead of repeating them ({@link
 * BackupRules}), so a library upgrade that drops or moves one fails here first.
 */
@SuppressWarnings("deprecation") // Yubico marks BE/BS experimental
class YubicoBackupFlagsTest {

  private static final String ORIGIN = "https://mamori.example.lg.jp";
  private static final String RP_ID = "mamori.example.lg.jp";
  private static final ByteArray HANDLE = new ByteArray(new byte[] {7, 7, 7, 7});

  @Test
  void parseWhenBackedUpButNotEligibleThenTheLibraryRefusesInAuthenticatorDataFlags() {
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    key.backupFlags(false, true);
    ByteArray challenge = new ByteArray(new byte[32]);

    Throwable registration =
        catchThrowable(() ->
            PublicKeyCredential.parseRegistrationResponseJson(
                key.register(challenge, ORIGIN, RP_ID, true)));
    Throwable assertion =
        catchThrowable(() ->
            PublicKeyCredential.parseAssertionResponseJson(
                key.authenticate(challenge, Claims.honest(ORIGIN, RP_ID, "webauthn.get"))));

    for (Throwable refused : new Throwable[] {registration, assertion}) {
      assertThat(refused).hasRootCauseInstanceOf(IllegalArgumentException.class);
      assertThat(rootCause(refused).getMessage())
          .startsWith("Flag combination is invalid: BE=0, BS=1");
      assertThat(rootCause(refused).getStackTrace()[0].getClassName())
          .as("Mamori recognises the refusal by the class that threw it")
          .isEqualTo(AuthenticatorDataFlags.class.getName());
      assertThat(BackupRules.invalidFlags(refused)).isPresent();
    }
  }

  @Test
  void parseWhenMalformedOtherwiseThenNotTakenForInvalidBackupFlags() {
    Throwable garbage =
        catchThrowable(() -> PublicKeyCredential.parseAssertionResponseJson("{\"type\":1}"));

    assertThat(garbage).isNotNull();
    assertThat(BackupRules.invalidFlags(garbage)).isEmpty();
  }

  @Test
  void finishAssertionWhenBackupEligibilityDiffersFromTheRecordedOneThenTheLibraryRefuses()
      throws Exception {
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    Repository repository = new Repository();
    RelyingParty rp = relyingParty(repository);
    RegistrationResult registered = register(rp, key); // BE=0
    repository.credential =
        credential(registered).backupEligible(registered.isBackupEligible()).build();
    key.backupFlags(true, false);

    assertThatThrownBy(() -> assertion(rp, key))
        .isInstanceOf(AssertionFailedException.class)
        .hasMessageContaining("Backup eligibility must not change")
        .hasMessageContaining("received: BE=true");
  }

  @Test
  void finishAssertionWhenNoEligibilityWasRecordedThenTheLibraryChecksNothing() throws Exception {
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    Repository repository = new Repository();
    RelyingParty rp = relyingParty(repository);
    repository.credential = credential(register(rp, key)).build(); // BE not recorded
    key.backupFlags(true, true);

    AssertionResult result = assertion(rp, key);

    // why Mamori records BE at registration and hands it to the library: otherwise nothing is
    // compared
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.isBackupEligible()).isTrue();
    assertThat(result.isBackedUp()).isTrue();
  }

  private static RelyingParty relyingParty(CredentialRepository repository) {
    return RelyingParty.builder()
        .identity(RelyingPartyIdentity.builder().id(RP_ID).name("Mamori").build())
        .credentialRepository(repository)
        .origins(Set.of(ORIGIN))
        .build();
  }

  private static RegistrationResult register(RelyingParty rp, SoftwareAuthenticator key)
      throws Exception {
    PublicKeyCredentialCreationOptions options =
        rp.startRegistration(
            StartRegistrationOptions.builder()
                .user(
                    UserIdentity.builder().name("A00123").displayName("A00123").id(HANDLE).build())
                .build());
    return rp.finishRegistration(
        FinishRegistrationOptions.builder()
            .request(options)
            .response(
                PublicKeyCredential.parseRegistrationResponseJson(
                    key.register(options.getChallenge(), ORIGIN, RP_ID, true)))
            .build());
  }

  private static AssertionResult assertion(RelyingParty rp, SoftwareAuthenticator key)
      throws Exception {
    var request = rp.startAssertion(StartAssertionOptions.builder().username("A00123").build());
    String response =
        key.authenticate(
            request.getPublicKeyCredentialRequestOptions().getChallenge(),
            Claims.honest(ORIGIN, RP_ID, "webauthn.get"));
    return rp.finishAssertion(
        FinishAssertionOptions.builder()
            .request(request)
            .response(PublicKeyCredential.parseAssertionResponseJson(response))
            .build());
  }

  private static RegisteredCredential.RegisteredCredentialBuilder credential(
      RegistrationResult registered) {
    return RegisteredCredential.builder()
        .credentialId(registered.getKeyId().getId())
        .userHandle(HANDLE)
        .publicKeyCose(registered.getPublicKeyCose())
        .signatureCount(registered.getSignatureCount());
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  /** One person with at most one credential. */
  private static final class Repository implements CredentialRepository {
    private RegisteredCredential credential;

    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
      return credential == null
          ? Set.of()
          : Set.of(
              PublicKeyCredentialDescriptor.builder().id(credential.getCredentialId()).build());
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String username) {
      return Optional.of(HANDLE);
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
      return Optional.of("A00123");
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
      return Optional.ofNullable(credential).filter(c -> c.getCredentialId().equals(credentialId));
    }

    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
      return lookup(credentialId, HANDLE).stream().collect(java.util.stream.Collectors.toSet());
    }
  }
}
