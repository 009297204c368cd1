package jp.mamori.webauthn;

import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Yubico's library sees of Mamori's relying party: its configuration, the credentials (the one
 * of the assertion in progress, or the store for registration) and the backup flags both ways.
 */
final class YubicoViews {

  private YubicoViews() {}

  /**
   * The relying party Mamori verifies with: its identity and origins, the signature counter left to
   * Mamori (a regression suspends the credential), and with {@code attestationRoots} direct
   * attestation whose untrusted chains are refused by Mamori, not by an exception.
   */
  static RelyingParty relyingParty(
      RelyingPartySettings settings,
      Set<String> origins,
      Set<java.security.cert.X509Certificate> attestationRoots,
      CredentialRepository repository) {
    var builder =
        RelyingParty.builder()
            .identity(settings.identity())
            .credentialRepository(repository)
            .origins(origins)
            .validateSignatureCounter(false); // checked here: a regression suspends the credential
    if (!attestationRoots.isEmpty()) {
      // untrusted attestation is refused here (ATTESTATION_UNTRUSTED), not by an exception
      builder =
          builder
              .attestationConveyancePreference(
                  com.yubico.webauthn.data.AttestationConveyancePreference.DIRECT)
              .attestationTrustSource((chain, aaguid) ->
                  com.yubico.webauthn.attestation.AttestationTrustSource.TrustRootsResult.builder()
                      .trustRoots(attestationRoots)
                      .enableRevocationChecking(false)
                      .build())
              .allowUntrustedAttestation(true);
    }
    return builder.build();
  }

  /**
   * Yubico's view of the one credential the assertion in progress on this thread names (read once
   * from the store): no further store lookups, and one relying party for every assertion.
   */
  record CurrentCredential(ThreadLocal<StoredCredential> current) implements CredentialRepository {
    private StoredCredential credential() {
      StoredCredential c = current.get();
      if (c == null) {
        throw new IllegalStateException("no assertion in progress on this thread");
      }
      return c;
    }

    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
      StoredCredential credential = credential();
      return username.equals(credential.username())
          ? Set.of(PublicKeyCredentialDescriptor.builder().id(credential.credentialId()).build())
          : Set.of();
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String username) {
      StoredCredential credential = credential();
      return username.equals(credential.username())
          ? Optional.of(credential.userHandle())
          : Optional.empty();
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
      StoredCredential credential = credential();
      return userHandle.equals(credential.userHandle())
          ? Optional.of(credential.username())
          : Optional.empty();
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
      StoredCredential credential = credential();
      return credentialId.equals(credential.credentialId())
              && userHandle.equals(credential.userHandle())
          ? Optional.of(registered(credential))
          : Optional.empty();
    }

    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
      StoredCredential credential = credential();
      return credentialId.equals(credential.credentialId())
          ? Set.of(registered(credential))
          : Set.of();
    }
  }

  /** Yubico's view of the store, for registration (is this credential ID already taken?). */
  record StoreRepository(CredentialStore store) implements CredentialRepository {
    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
      return store.ofUser(username).stream()
          .map(c -> PublicKeyCredentialDescriptor.builder().id(c.credentialId()).build())
          .collect(Collectors.toSet());
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String username) {
      return store.userHandle(username);
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
      return Optional.empty();
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
      return store.find(credentialId).map(YubicoViews::registered);
    }

    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
      return store.find(credentialId).map(YubicoViews::registered).stream()
          .collect(Collectors.toSet());
    }
  }

  /**
   * The credential as Yubico's library takes it, with the recorded backup flags: given the recorded
   * BE, the library refuses an assertion whose BE differs (without it, it checks nothing).
   */
  @SuppressWarnings("deprecation") // Yubico marks BE/BS experimental; the flags are WebAuthn L3's
  static RegisteredCredential registered(StoredCredential c) {
    return RegisteredCredential.builder()
        .credentialId(c.credentialId())
        .userHandle(c.userHandle())
        .publicKeyCose(c.publicKeyCose())
        .signatureCount(c.signCount())
        .backupEligible(c.backup().map(BackupFlags::eligible).orElse(null))
        .backupState(c.backup().map(BackupFlags::backedUp).orElse(null))
        .build();
  }

  @SuppressWarnings("deprecation") // as above
  static BackupFlags backupFlags(RegistrationResult result) {
    return new BackupFlags(result.isBackupEligible(), result.isBackedUp());
  }

  @SuppressWarnings("deprecation") // as above
  static BackupFlags backupFlags(AssertionResult result) {
    return new BackupFlags(result.isBackupEligible(), result.isBackedUp());
  }
}
