package jp.mamori.hrsync.federation;

import jakarta.ws.rs.NotFoundException;
import java.util.Optional;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.keycloak.KeycloakCredentials;
import jp.mamori.hrsync.keycloak.KeycloakException;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.hrsync.sync.TemporaryPasswordStore;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;

/**
 * Temporary passwords where the directory holds the password (PW-3, PW-4): issued into the
 * directory, so that the change is forced whichever way the person logs on — at a Windows or LDAP
 * logon by the directory itself (AD {@code pwdLastSet: 0}, OpenLDAP {@code pwdReset}), at the SSO
 * login by Keycloak's required action — and read back from the directory. The person's Keycloak
 * user is the one the federation imported; its username is the directory account's employee number,
 * the SSO username Mamori gives every person.
 */
public final class DirectoryTemporaryPasswords implements TemporaryPasswordStore {

  private final Keycloak admin;
  private final String realm;
  private final LdapDirectory directory;
  private final DirectoryCredentials credentials;
  private final KeycloakCredentials keycloak;
  private final KeycloakDirectoryFederation federation;

  public DirectoryTemporaryPasswords(Keycloak admin, String realm, LdapDirectory directory) {
    this.admin = admin;
    this.realm = realm;
    this.directory = directory;
    this.credentials = new DirectoryCredentials(directory);
    this.keycloak = new KeycloakCredentials(admin, realm);
    this.federation = new KeycloakDirectoryFederation(admin, realm);
  }

  @Override
  public Optional<String> userId(String username) {
    return keycloak.userId(username); // a lookup through the federation imports the user
  }

  @Override
  public PasswordState setTemporary(String userId, TemporaryPassword password) {
    String username = username(userId);
    String dn = dn(username);
    credentials.issueTemporary(dn, password.reveal().toCharArray());
    federation.requirePasswordChange(username);
    admin.realm(realm).users().get(userId).logout();
    return state(userId);
  }

  @Override
  public PasswordState state(String userId) {
    Optional<String> dn;
    try {
      dn = directory.findByEmployeeNumber(username(userId)).map(a -> a.dn());
    } catch (KeycloakException e) {
      if (e.status() == 404) {
        return new PasswordState(Optional.empty(), false);
      }
      throw e;
    }
    if (dn.isEmpty()) {
      return new PasswordState(Optional.empty(), false);
    }
    DirectoryCredentials.PasswordStatus status = credentials.passwordStatus(dn.get());
    return new PasswordState(status.setAt(), status.mustChange());
  }

  @Override
  public void withdrawPassword(String userId) {
    String username;
    try {
      username = username(userId);
    } catch (KeycloakException e) {
      if (e.status() == 404) {
        return; // the account is gone: nothing can log in with it
      }
      throw e;
    }
    directory.findByEmployeeNumber(username).ifPresent(a -> credentials.withdraw(a.dn()));
    admin.realm(realm).users().get(userId).logout();
  }

  private String username(String userId) {
    UserResource user = admin.realm(realm).users().get(userId);
    try {
      return user.toRepresentation().getUsername();
    } catch (NotFoundException e) {
      throw new KeycloakException("Keycloak has no user " + userId, 404, e);
    }
  }

  private String dn(String username) {
    return directory
        .findByEmployeeNumber(username)
        .orElseThrow(() ->
            new KeycloakException(
                "no directory account with employee number "
                    + username
                    + ": expected the account the HR sync created for this person",
                404,
                null))
        .dn();
  }
}
