package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.sync.IdpAccount;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak's users where the directory holds the password: they come from the LDAP federation, so a
 * joiner's user is linked, never created, and a leaver's user goes with the directory entry.
 */
final class FederatedUsers {

  private final Keycloak admin;
  private final String realmName;
  private final KeycloakAccounts accounts;

  FederatedUsers(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
    this.accounts = new KeycloakAccounts(admin, realmName);
  }

  /**
   * Whether the federation no longer has the user: where the directory's changes come first, the
   * leaver's directory entry is already deleted, Keycloak answers the delete of its imported user
   * with 500 (it cannot remove the entry from the directory) and drops the user at the next lookup.
   */
  boolean gone(String username) {
    return accounts.findByUsername(username).isEmpty();
  }

  /**
   * The joiner's user as the federation finds it in the directory (the lookup imports it), given
   * Mamori's attributes and the section groups. Idempotent.
   *
   * @throws KeycloakException 404 if the federation finds no such account: the directory target
   *     creates it, in the same run before Keycloak's changes
   */
  void link(
      PlannedAction.Create c,
      java.util.function.Function<String, GroupRepresentation> sectionGroup) {
    String username = c.employeeNumber();
    IdpAccount found =
        accounts
            .findByUsername(username)
            .orElseThrow(() ->
                new KeycloakException(
                    "no user "
                        + username
                        + " through the directory federation of realm "
                        + realmName
                        + ": expected the directory account the HR sync creates before Keycloak's"
                        + " changes (the directory holds the password, Keycloak creates no user)",
                    404,
                    null));
    try {
      var user = admin.realm(realmName).users().get(found.id());
      UserRepresentation now = user.toRepresentation();
      Map<String, List<String>> attributes =
          now.getAttributes() == null ? new HashMap<>() : new HashMap<>(now.getAttributes());
      attributes.putAll(KeycloakAccounts.representation(c.staff(), username).getAttributes());
      now.setAttributes(attributes);
      user.update(now);
      for (String code : c.sections()) {
        user.joinGroup(sectionGroup.apply(code).getId());
      }
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "link the federated user " + username, e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "link the federated user " + username, e);
    }
  }
}
