package jp.mamori.bench;

import com.unboundid.ldap.sdk.Entry;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.EmbeddedDirectory;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The baselines of {@link ProvisioningBench}'s Keycloak import, measured on a Keycloak of their own
 * (started for them, warmed up the same way as Mamori's): Keycloak's own LDAP-federation full sync
 * of the same directory, and a bare admin-client loop creating the same users with their group,
 * with as many requests at once as Mamori's import.
 *
 * @param federationMs the federation's full sync
 * @param federationAdded the users it added
 * @param bareLoopMs the admin-client loop
 */
record KeycloakBaselines(double federationMs, int federationAdded, double bareLoopMs) {

  /** Measures both on a fresh Keycloak; {@code directory} holds the staff's entries. */
  static KeycloakBaselines measure(
      Path home, HrFile hr, EmbeddedDirectory directory, List<Entry> warmEntries) throws Exception {
    double federationMs;
    double bareLoopMs;
    SynchronizationResultRepresentation sync;
    try (BenchKeycloak baselines = BenchKeycloak.start(home);
        // a full sync of 40,000 users answers in minutes on PostgreSQL (the default 30 s read
        // timeout is for the service's calls, not for one request that does the whole import)
        Keycloak admin = baselines.keycloak().adminClient(ProvisioningBench.LONG_CALLS);
        EmbeddedDirectory warmLdap = EmbeddedDirectory.start()) {
      for (Entry e : warmEntries) {
        warmLdap.server().add(e);
      }
      RealmResource warm = ProvisioningBench.realm(admin, "bench-federation-warm-up");
      warm.userStorage().syncUsers(federation(warm, warmLdap), "triggerFullSync");
      warm.remove();
      // Baseline 1: Keycloak's own LDAP federation, full sync of the same directory.
      RealmResource fed = ProvisioningBench.realm(admin, "bench-federation");
      String componentId = federation(fed, directory);
      long t2 = System.nanoTime();
      sync = fed.userStorage().syncUsers(componentId, "triggerFullSync");
      federationMs = (System.nanoTime() - t2) / 1e6;
      fed.remove();

      // Baseline 2: a bare admin-client loop, same payload (attributes + group), same
      // concurrency.
      RealmResource bareRealm = ProvisioningBench.realm(admin, "bench-bare");
      for (String section :
          new TreeSet<>(hr.records().stream().map(StaffRecord::sectionCode).toList())) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName("section-" + section);
        bareRealm.groups().add(group).close();
      }
      // the same concurrency as Mamori's import through its provider (installed here)
      long t3 = System.nanoTime();
      try (java.util.concurrent.ExecutorService loop =
          java.util.concurrent.Executors.newFixedThreadPool(
              KeycloakTarget.PROVIDER_IMPORT_PARALLELISM)) {
        List<java.util.concurrent.Future<?>> created = new ArrayList<>();
        for (StaffRecord s : hr.records()) {
          created.add(
              loop.submit(() -> {
                UserRepresentation user = new UserRepresentation();
                user.setUsername(s.employeeNumber());
                user.setFirstName(s.givenName());
                user.setLastName(s.familyName());
                user.setEnabled(true);
                user.setAttributes(
                    Map.of(
                        "employeeNumber", List.of(s.employeeNumber()),
                        "sectionCode", List.of(s.sectionCode()),
                        "sectionName", List.of(s.sectionName()),
                        "fullNameKana", List.of(s.fullNameKana())));
                user.setGroups(List.of("/section-" + s.sectionCode()));
                try (Response response = bareRealm.users().create(user)) {
                  if (response.getStatus() != 201) {
                    throw new IllegalStateException("bare loop: HTTP " + response.getStatus());
                  }
                }
                return null;
              }));
        }
        for (java.util.concurrent.Future<?> f : created) {
          f.get(); // a refused creation fails the benchmark
        }
      }
      bareLoopMs = (System.nanoTime() - t3) / 1e6;
      bareRealm.remove();
    }

    return new KeycloakBaselines(federationMs, sync.getAdded(), bareLoopMs);
  }

  private static String federation(RealmResource realm, EmbeddedDirectory ldap) {
    DirectorySettings s = ldap.settings();
    ComponentRepresentation component = new ComponentRepresentation();
    component.setName("bench-ldap");
    component.setProviderId("ldap");
    component.setProviderType("org.keycloak.storage.UserStorageProvider");
    component.setParentId(realm.toRepresentation().getId());
    MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
    Map.ofEntries(
            Map.entry("enabled", "true"),
            Map.entry("priority", "0"),
            Map.entry("editMode", "READ_ONLY"),
            Map.entry("vendor", "other"),
            Map.entry("connectionUrl", "ldap://" + s.host() + ":" + s.port()),
            Map.entry("usersDn", s.peopleDn()),
            Map.entry("bindDn", s.bindDn()),
            Map.entry("bindCredential", s.bindPassword()),
            Map.entry("authType", "simple"),
            Map.entry("usernameLDAPAttribute", "uid"),
            Map.entry("rdnLDAPAttribute", "uid"),
            Map.entry("uuidLDAPAttribute", "entryUUID"),
            Map.entry("userObjectClasses", "inetOrgPerson"),
            Map.entry("searchScope", "1"),
            Map.entry("importEnabled", "true"),
            Map.entry("syncRegistrations", "false"),
            Map.entry("batchSizeForSync", "1000"),
            Map.entry("pagination", "true"),
            Map.entry("fullSyncPeriod", "-1"),
            Map.entry("changedSyncPeriod", "-1"),
            Map.entry("useTruststoreSpi", "never"),
            Map.entry("connectionPooling", "true"))
        .forEach(config::putSingle);
    component.setConfig(config);
    try (Response response = realm.components().add(component)) {
      if (response.getStatus() != 201) {
        throw new IllegalStateException(
            "Keycloak refused the LDAP federation: HTTP " + response.getStatus());
      }
      return org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }
  }
}
