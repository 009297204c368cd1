package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: ceremonies in progress. {@link #take} removes what it returns in one step, so a challenge
 * is answered at most once even with several service instances on one database.
 */
public interface CeremonyStore {

  void put(PendingCeremony ceremony);

  /** Removes and returns the ceremony with this challenge; empty if unknown or already taken. */
  Optional<PendingCeremony> take(ByteArray challenge);

  /** Forgets ceremonies that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}
