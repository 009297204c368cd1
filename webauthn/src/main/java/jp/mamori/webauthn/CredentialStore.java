package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: where Mamori keeps its relying party's credentials (the database in the service). */
public interface CredentialStore {

  /** The credential with this ID, whoever it belongs to: the one lookup of an assertion. */
  Optional<StoredCredential> find(ByteArray credentialId);

  /** Every credential of a person, in registration order. */
  List<StoredCredential> ofUser(String username);

  /** The person's user handle, if one was ever given to them. */
  Optional<ByteArray> userHandle(String username);

  /** Adds a newly registered credential. */
  void add(StoredCredential credential);

  /**
   * Records a verified assertion: its signature counter, the backup flags it reported, and when.
   * The backup eligibility (BE) is written only where none is recorded yet (a credential registered
   * before Mamori kept it): once recorded it never changes (WebAuthn L3 §6.1.3). The backup state
   * (BS) is the one reported.
   */
  void used(ByteArray credentialId, long signCount, BackupFlags backup, Instant at);

  /**
   * Changes a credential's state, with the reason for the record.
   *
   * @return false if there is no such credential
   */
  boolean setState(ByteArray credentialId, StoredCredential.State state, String reason);
}
