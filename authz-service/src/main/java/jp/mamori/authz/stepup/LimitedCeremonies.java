package jp.mamori.authz.stepup;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.Optional;
import jp.mamori.authz.operations.RateLimiter;
import jp.mamori.webauthn.CeremonyStore;
import jp.mamori.webauthn.PendingCeremony;

/**
 * Every step-up or registration challenge is stored until it is answered or expires, whichever
 * endpoint started it (the options endpoints, or any operation answering 428): a person may start
 * only so many in a minute ({@code mamori.api.step-up-challenges-per-minute}), so a signed-in
 * session cannot fill the table.
 */
final class LimitedCeremonies implements CeremonyStore {

  private final CeremonyStore store;
  private final RateLimiter limit;

  LimitedCeremonies(CeremonyStore store, RateLimiter limit) {
    this.store = store;
    this.limit = limit;
  }

  @Override
  public void put(PendingCeremony ceremony) {
    limit.acquire(ceremony.username(), "step-up challenges of " + ceremony.username());
    store.put(ceremony);
  }

  @Override
  public Optional<PendingCeremony> take(ByteArray challenge) {
    return store.take(challenge);
  }

  @Override
  public int purgeExpired(Instant now) {
    return store.purgeExpired(now);
  }
}
