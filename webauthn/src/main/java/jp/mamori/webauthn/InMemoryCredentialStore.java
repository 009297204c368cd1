package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Credentials in memory, for tests, the benchmark and a demo without a database; counts lookups so
 * that "one lookup per assertion" can be checked.
 */
public final class InMemoryCredentialStore implements CredentialStore {

  private final Map<ByteArray, StoredCredential> byId = new ConcurrentHashMap<>();
  private final Map<String, ByteArray> handles = new ConcurrentHashMap<>();
  private final AtomicLong lookups = new AtomicLong();

  @Override
  public Optional<StoredCredential> find(ByteArray credentialId) {
    lookups.incrementAndGet();
    return Optional.ofNullable(byId.get(credentialId));
  }

  @Override
  public List<StoredCredential> ofUser(String username) {
    return byId.values().stream()
        .filter(c -> c.username().equals(username))
        .sorted(java.util.Comparator.comparing(StoredCredential::registeredAt))
        .toList();
  }

  @Override
  public Optional<ByteArray> userHandle(String username) {
    return Optional.ofNullable(handles.get(username));
  }

  @Override
  public void add(StoredCredential credential) {
    ByteArray known = handles.putIfAbsent(credential.username(), credential.userHandle());
    if (known != null && !known.equals(credential.userHandle())) {
      throw new IllegalArgumentException(
          "credential for "
              + credential.username()
              + ": expected the person's user handle, found another one");
    }
    if (byId.putIfAbsent(credential.credentialId(), credential) != null) {
      throw new IllegalArgumentException(
          "credential " + credential.credentialId().getBase64Url() + " is already registered");
    }
  }

  @Override
  public void used(ByteArray credentialId, long signCount, BackupFlags backup, Instant at) {
    byId.computeIfPresent(
        credentialId,
        (id, c) ->
            c.withSignCount(signCount)
                .withBackup(
                    new BackupFlags( // BE as recorded, once recorded; BS as reported
                        c.backup().map(BackupFlags::eligible).orElse(backup.eligible()),
                        backup.backedUp())));
  }

  @Override
  public boolean setState(ByteArray credentialId, StoredCredential.State state, String reason) {
    return byId.computeIfPresent(credentialId, (id, c) -> c.withState(state)) != null;
  }

  /** Lookups by credential ID so far. */
  public long lookups() {
    return lookups.get();
  }
}
