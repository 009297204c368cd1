package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Ceremonies in memory (one process only), for tests and the benchmark. */
public final class InMemoryCeremonyStore implements CeremonyStore {

  private final Map<ByteArray, PendingCeremony> pending = new ConcurrentHashMap<>();

  @Override
  public void put(PendingCeremony ceremony) {
    if (pending.putIfAbsent(ceremony.challenge(), ceremony) != null) {
      throw new IllegalStateException("a ceremony with this challenge is already pending");
    }
  }

  @Override
  public Optional<PendingCeremony> take(ByteArray challenge) {
    return Optional.ofNullable(pending.remove(challenge));
  }

  @Override
  public int purgeExpired(Instant now) {
    int before = pending.size();
    pending.values().removeIf(c -> c.expiresAt().isBefore(now));
    return before - pending.size();
  }
}
