package jp.mamori.authz.stepup;

import java.time.Clock;
import jp.mamori.webauthn.CredentialStore;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Step-up's stores on a test database, for the tests of other features. */
public final class StepUpStoresFixture {

  private final JdbcWebAuthnStores stores;

  public StepUpStoresFixture(JdbcClient jdbc, Clock clock) {
    this.stores = new JdbcWebAuthnStores(jdbc, clock);
  }

  /** The stored authenticators (to register a key, to read their states). */
  public CredentialStore credentials() {
    return stores.credentials();
  }

  /** The keys as the service's other features retire them. */
  public StepUpKeys keys() {
    return StepUpKeys.over(stores.credentials(), stores.events());
  }
}
