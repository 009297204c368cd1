package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.Optional;

/**
 * One registered authenticator of one person. The user handle is random (never the employee number:
 * authenticators may show or sync it).
 *
 * @param credentialId the authenticator's credential ID
 * @param userHandle Mamori's random handle for the person
 * @param username the person's login name
 * @param publicKeyCose the credential public key, COSE-encoded
 * @param signCount the last signature counter seen (0: the authenticator keeps none)
 * @param aaguid the authenticator model, if it told
 * @param backup the backup flags: eligibility (BE) as recorded at registration, which never changes
 *     for a credential, and the backup state (BS) last seen in a verified ceremony; empty for a
 *     credential registered before Mamori recorded them (its first verified assertion records them)
 * @param state active, suspended (reported lost, MF-3) or retired (replaced)
 * @param label what the person called it ("IC カード", "YubiKey 1" …)
 * @param registeredAt when it was registered
 */
public record StoredCredential(
    ByteArray credentialId,
    ByteArray userHandle,
    String username,
    ByteArray publicKeyCose,
    long signCount,
    Optional<ByteArray> aaguid,
    Optional<BackupFlags> backup,
    State state,
    String label,
    Instant registeredAt) {

  /** Whether a credential may be used. */
  public enum State {
    ACTIVE,
    /** Reported lost (MF-3) or cloned (counter regression): refused until found again. */
    SUSPENDED,
    /** Replaced: never usable again. */
    RETIRED
  }

  public StoredCredential {
    if (backup == null) {
      throw new IllegalArgumentException(
          "credential backup flags: expected Optional.empty() when unknown, found null");
    }
  }

  public StoredCredential withSignCount(long count) {
    return new StoredCredential(
        credentialId,
        userHandle,
        username,
        publicKeyCose,
        count,
        aaguid,
        backup,
        state,
        label,
        registeredAt);
  }

  /** The same credential with these flags recorded. */
  public StoredCredential withBackup(BackupFlags flags) {
    return new StoredCredential(
        credentialId,
        userHandle,
        username,
        publicKeyCose,
        signCount,
        aaguid,
        Optional.of(flags),
        state,
        label,
        registeredAt);
  }

  public StoredCredential withState(State newState) {
    return new StoredCredential(
        credentialId,
        userHandle,
        username,
        publicKeyCose,
        signCount,
        aaguid,
        backup,
        newState,
        label,
        registeredAt);
  }
}
