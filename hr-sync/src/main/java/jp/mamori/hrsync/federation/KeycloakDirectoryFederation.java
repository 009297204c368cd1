package jp.mamori.hrsync.federation;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.hrsync.directory.DirectorySchema;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.keycloak.KeycloakException;
import jp.mamori.hrsync.sync.RealmDrift;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak's LDAP user federation over the directory Mamori manages, for the mode in which the
 * directory holds the password: one password for Windows logon and SSO. Mamori configures it from
 * its own directory settings and checks it for drift like the realm (AU-5):
 *
 * <ul>
 *   <li>edit mode {@code WRITABLE}: a password changed at Keycloak (the forced change of a
 *       temporary password, PW-4) is written to the directory — OpenLDAP by the Password Modify
 *       operation, so the server hashes it and ppolicy's {@code pwdReset} is cleared; Active
 *       Directory by {@code unicodePwd} with {@code pwdLastSet} following Keycloak's MSAD mapper;
 *   <li>users imported, but {@code syncRegistrations} off: a user created in Keycloak never creates
 *       a directory account — Mamori's reconciliation stays the authority for who exists;
 *   <li>{@code validatePasswordPolicy}: a change through SSO is checked against the realm's
 *       password policy (the policy's exact rules) before it reaches the directory;
 *   <li>no periodic sync: accounts are looked up at login; Mamori disables and deletes them in the
 *       directory, which the federation then reflects.
 * </ul>
 *
 * <p>The bind credential is sent to Keycloak and never read back (Keycloak masks it), so it is not
 * part of the drift check.
 */
public final class KeycloakDirectoryFederation {

  /** The federation component's name in the realm. */
  public static final String NAME = "mamori-directory";

  static final String PROVIDER_TYPE = "org.keycloak.storage.UserStorageProvider";
  static final String BIND_CREDENTIAL = "bindCredential";

  private final Keycloak admin;
  private final String realm;

  public KeycloakDirectoryFederation(Keycloak admin, String realm) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.realm = Objects.requireNonNull(realm, "realm");
  }

  /** The configuration Mamori sets, key → value, for this directory. */
  static Map<String, String> wanted(DirectorySettings directory) {
    boolean ad = directory.schema() == DirectorySchema.ACTIVE_DIRECTORY;
    Map<String, String> config = new LinkedHashMap<>();
    config.put("enabled", "true");
    config.put("vendor", ad ? "ad" : "other");
    config.put("connectionUrl", url(directory));
    config.put("startTls", Boolean.toString(directory.useTls() && !directory.ldaps()));
    config.put("useTruststoreSpi", "always");
    config.put("authType", "simple");
    config.put("bindDn", directory.bindDn());
    config.put("usersDn", directory.peopleDn());
    config.put("searchScope", "2");
    config.put("usernameLDAPAttribute", directory.schema().loginAttribute());
    config.put("rdnLDAPAttribute", ad ? "cn" : directory.schema().loginAttribute());
    config.put("uuidLDAPAttribute", ad ? "objectGUID" : "entryUUID");
    config.put("userObjectClasses", ad ? "person, organizationalPerson, user" : "inetOrgPerson");
    config.put("editMode", "WRITABLE");
    config.put("importEnabled", "true");
    config.put("syncRegistrations", "false");
    config.put("validatePasswordPolicy", "true");
    config.put("trustEmail", "false");
    config.put("usePasswordModifyExtendedOp", Boolean.toString(!ad));
    config.put("pagination", "true");
    config.put("connectionPooling", "true");
    config.put("fullSyncPeriod", "-1");
    config.put("changedSyncPeriod", "-1");
    config.put("allowKerberosAuthentication", "false");
    config.put("useKerberosForPasswordAuthentication", "false");
    config.put("cachePolicy", "DEFAULT");
    return config;
  }

  static String url(DirectorySettings directory) {
    return (directory.ldaps() ? "ldaps://" : "ldap://")
        + (directory.host().contains(":") ? "[" + directory.host() + "]" : directory.host())
        + ":"
        + directory.port();
  }

  /**
   * Creates the federation or sets its configuration back to Mamori's, bind password included.
   *
   * @return the component's id
   * @throws KeycloakException if Keycloak refuses (for example it cannot reach the directory or
   *     does not trust its certificate)
   */
  public synchronized String configure(DirectorySettings directory) {
    RealmResource r = admin.realm(realm);
    MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
    wanted(directory).forEach(config::putSingle);
    config.putSingle(BIND_CREDENTIAL, directory.bindPassword());
    Optional<ComponentRepresentation> existing = find();
    if (existing.isPresent()) {
      ComponentRepresentation c = existing.get();
      c.setConfig(config);
      r.components().component(c.getId()).update(c);
      givenNameMapper(c.getId());
      return c.getId();
    }
    ComponentRepresentation c = new ComponentRepresentation();
    c.setName(NAME);
    c.setProviderId("ldap");
    c.setProviderType(PROVIDER_TYPE);
    c.setParentId(r.toRepresentation().getId());
    c.setConfig(config);
    try (Response response = r.components().add(c)) {
      if (response.getStatus() != 201) {
        throw new KeycloakException(
            "create the user federation "
                + NAME
                + " for "
                + url(directory)
                + " in realm "
                + realm
                + ": expected 201 Created, found "
                + response.getStatus()
                + " "
                + response.readEntity(String.class),
            response.getStatus(),
            null);
      }
      String id = CreatedResponseUtil.getCreatedId(response);
      givenNameMapper(id);
      return id;
    }
  }

  static final String MAPPER_TYPE = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";

  /**
   * Keycloak's "first name" mapper reads {@code cn} for a directory that is not AD, and Mamori's
   * {@code cn} is the full name: the given name is {@code givenName}, as Mamori writes it (and as
   * Keycloak reads it from AD already), so that the SSO user's name is the HR name.
   */
  private void givenNameMapper(String federationId) {
    RealmResource r = admin.realm(realm);
    for (ComponentRepresentation m : r.components().query(federationId, MAPPER_TYPE)) {
      if ("first name".equals(m.getName())
          && !"givenName".equals(m.getConfig().getFirst("ldap.attribute"))) {
        m.getConfig().putSingle("ldap.attribute", "givenName");
        r.components().component(m.getId()).update(m);
      }
    }
  }

  /** Mamori's federation component, if the realm has it. */
  public Optional<ComponentRepresentation> find() {
    return admin.realm(realm).components().query(null, PROVIDER_TYPE, NAME).stream()
        .filter(c -> NAME.equals(c.getName()))
        .findFirst();
  }

  /**
   * Where the realm's federation differs from Mamori's configuration for this directory: one entry
   * per setting, or one saying the federation is missing (AU-5).
   */
  public List<RealmDrift> drift(DirectorySettings directory) {
    Optional<ComponentRepresentation> c = find();
    List<RealmDrift> out = new ArrayList<>();
    if (c.isEmpty()) {
      out.add(
          new RealmDrift(
              "userFederation " + NAME, url(directory), "(none)", List.of("PW-1", "PW-4", "LG-1")));
      return out;
    }
    admin.realm(realm).components().query(c.get().getId(), MAPPER_TYPE).stream()
        .filter(m -> "first name".equals(m.getName()))
        .map(m -> m.getConfig().getFirst("ldap.attribute"))
        .filter(a -> !"givenName".equals(a))
        .forEach(a ->
            out.add(
                new RealmDrift(
                    "userFederation " + NAME + " mapper first name ldap.attribute",
                    "givenName",
                    a == null ? "(none)" : a,
                    List.of("LC-1"))));
    MultivaluedHashMap<String, String> live = c.get().getConfig();
    wanted(directory)
        .forEach((key, expected) -> {
          String found = live == null ? null : live.getFirst(key);
          if (!expected.equals(found)) {
            out.add(
                new RealmDrift(
                    "userFederation " + NAME + " " + key,
                    expected,
                    found == null ? "(none)" : found,
                    List.of("PW-1", "PW-4", "LG-1")));
          }
        });
    return out;
  }

  /**
   * Requires a password change at the person's next SSO login (the directory's own forced change,
   * ppolicy's {@code pwdReset}, is not visible to Keycloak). Looks the person up through the
   * federation, which imports the user on first lookup.
   *
   * @return whether the person was found in the directory through the federation
   */
  public boolean requirePasswordChange(String username) {
    RealmResource r = admin.realm(realm);
    List<UserRepresentation> found = r.users().searchByUsername(username, true);
    if (found.isEmpty()) {
      return false;
    }
    UserRepresentation user = found.getFirst();
    List<String> actions =
        new ArrayList<>(user.getRequiredActions() == null ? List.of() : user.getRequiredActions());
    if (!actions.contains("UPDATE_PASSWORD")) {
      actions.add("UPDATE_PASSWORD");
      user.setRequiredActions(actions);
      r.users().get(user.getId()).update(user);
    }
    return true;
  }
}
