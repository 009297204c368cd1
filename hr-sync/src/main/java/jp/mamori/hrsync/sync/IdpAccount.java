package jp.mamori.hrsync.sync;

import java.util.Objects;
import java.util.Set;

/**
 * An account in the identity provider (Keycloak) as the sync sees it.
 *
 * @param id the identity provider's own ID
 * @param username login name
 * @param enabled whether it may log in
 * @param requiredActions actions forced at next login, e.g. {@code UPDATE_PASSWORD}
 */
public record IdpAccount(String id, String username, boolean enabled, Set<String> requiredActions) {
  public IdpAccount {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    requiredActions = Set.copyOf(requiredActions);
  }
}
