package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.sync.IdentityProviderPort;
import jp.mamori.hrsync.sync.IdpAccount;
import jp.mamori.hrsync.sync.TemporaryPassword;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Staff accounts in the Keycloak realm, through the admin REST API.
 *
 * <p>HR attributes are stored as user attributes: {@code employeeNumber}, {@code sectionCode},
 * {@code sectionName}, {@code fullNameKana}. The temporary password is set with {@code
 * temporary=true}, which makes Keycloak require {@code UPDATE_PASSWORD} before any login completes,
 * in the browser and on the direct-grant path alike (PW-4); Keycloak checks it against the realm's
 * password policy.
 */
public final class KeycloakAccounts implements IdentityProviderPort {

  private final Keycloak admin;
  private final String realmName;

  public KeycloakAccounts(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
  }

  @Override
  public Optional<IdpAccount> findByUsername(String username) {
    try {
      List<UserRepresentation> found = realm().users().searchByUsername(username, true);
      return found.stream().findFirst().map(KeycloakAccounts::toAccount);
    } catch (WebApplicationException e) {
      throw refused("look up user " + username, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable looking up user " + username, 0, e);
    }
  }

  @Override
  public IdpAccount create(StaffRecord staff, String username, TemporaryPassword password) {
    String id = createUser(staff, username);
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(true);
    credential.setValue(password.reveal());
    try {
      realm().users().get(id).resetPassword(credential);
    } catch (WebApplicationException e) {
      // An account without its password would be unusable and would be skipped by the next run:
      // remove it so that the next run creates it again.
      realm().users().delete(id).close();
      throw refused("set the temporary password of " + username, e);
    } finally {
      credential.setValue(null);
    }
    return toAccount(realm().users().get(id).toRepresentation());
  }

  /**
   * Creates the account without any credential, in one request with its groups: it exists (for
   * groups, attributes, state) but cannot log in until an administrator issues a temporary password
   * (PW-4). This is how the lifecycle run onboards staff, without hashing a password nobody will be
   * handed. Returns the new user's ID; a {@link KeycloakException} with status 409 if the username
   * is taken.
   */
  public String createWithoutCredential(
      StaffRecord staff, String username, List<String> groupPaths) {
    return createUser(staff, username, groupPaths);
  }

  private String createUser(StaffRecord staff, String username) {
    return createUser(staff, username, List.of());
  }

  /**
   * One request: the user with its attributes and its groups (paths such as {@code /section-K01},
   * which must exist).
   */
  private String createUser(StaffRecord staff, String username, List<String> groupPaths) {
    UserRepresentation user = representation(staff, username);
    if (!groupPaths.isEmpty()) {
      user.setGroups(groupPaths);
    }
    String id;
    try (Response response = realm().users().create(user)) {
      if (response.getStatus() != 201) {
        throw new KeycloakException(
            "Keycloak refused to create user "
                + username
                + ": "
                + KeycloakRealmConfigurator.describe(response),
            response.getStatus(),
            null);
      }
      id = CreatedResponseUtil.getCreatedId(response);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable creating user " + username, 0, e);
    }
    return id;
  }

  /**
   * User attribute with the person's 雇用区分 ({@code EmploymentType} name): who is contractor staff
   * (PR-3, LC-7) is read from it.
   */
  public static final String EMPLOYMENT_TYPE = "employmentType";

  /** The account as Keycloak receives it: names, enabled, HR attributes; no credential. */
  static UserRepresentation representation(StaffRecord staff, String username) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName(staff.givenName());
    user.setLastName(staff.familyName());
    user.setEnabled(true);
    user.setAttributes(
        Map.of(
            "employeeNumber",
            List.of(staff.employeeNumber()),
            "sectionCode",
            List.of(staff.sectionCode()),
            "sectionName",
            List.of(staff.sectionName()),
            "fullNameKana",
            List.of(staff.fullNameKana()),
            EMPLOYMENT_TYPE,
            List.of(staff.employmentType().name())));
    return user;
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  private static IdpAccount toAccount(UserRepresentation user) {
    return new IdpAccount(
        user.getId(),
        user.getUsername(),
        Boolean.TRUE.equals(user.isEnabled()),
        user.getRequiredActions() == null
            ? java.util.Set.<String>of()
            : new HashSet<>(user.getRequiredActions()));
  }

  private static KeycloakException refused(String what, WebApplicationException e) {
    return new KeycloakException(
        "Keycloak refused to " + what + ": " + KeycloakRealmConfigurator.describe(e.getResponse()),
        e.getResponse().getStatus(),
        e);
  }
}
