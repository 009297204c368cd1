package jp.mamori.hrsync.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.KeycloakException;

/**
 * In-memory twin of the Keycloak adapter for fast tests of the sync core. Keeps the port's
 * contract: a second create for the same username fails; {@link #failNextCreate} simulates Keycloak
 * being down for one call.
 */
final class InMemoryIdentityProvider implements IdentityProviderPort {

  final Map<String, IdpAccount> accounts = new LinkedHashMap<>();
  final Map<String, String> passwords = new LinkedHashMap<>();
  boolean failNextCreate;

  @Override
  public Optional<IdpAccount> findByUsername(String username) {
    return Optional.ofNullable(accounts.get(username));
  }

  @Override
  public IdpAccount create(StaffRecord staff, String username, TemporaryPassword password) {
    if (failNextCreate) {
      failNextCreate = false;
      throw new KeycloakException("Keycloak unreachable (simulated)", 0, null);
    }
    if (accounts.containsKey(username)) {
      throw new KeycloakException("user exists: " + username, 409, null);
    }
    IdpAccount account =
        new IdpAccount(UUID.randomUUID().toString(), username, true, Set.of("UPDATE_PASSWORD"));
    accounts.put(username, account);
    passwords.put(username, password.reveal());
    return account;
  }
}
