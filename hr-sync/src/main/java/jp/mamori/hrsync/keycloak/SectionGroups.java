package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;

/**
 * The realm's section groups ({@code section-<code>}, one per 所属), looked up once per target and
 * created on first use. Groups are never renamed, so a cached ID stays right; a group removed by
 * hand is looked for again after {@link #forget()}.
 */
final class SectionGroups {

  private static final int PAGE = 500;

  private final Keycloak admin;
  private final String realmName;

  /** Section groups seen so far, by name. */
  private final Map<String, GroupRepresentation> cache = new ConcurrentHashMap<>();

  private volatile boolean loaded;

  SectionGroups(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
  }

  /** Every section group of the realm by name, read now (not from the cache). */
  Map<String, GroupRepresentation> all() {
    Map<String, GroupRepresentation> groups = new HashMap<>();
    for (int first = 0; ; first += PAGE) {
      List<GroupRepresentation> page =
          realm().groups().groups(KeycloakTarget.SECTION_GROUP_PREFIX, first, PAGE, true);
      page.stream()
          .filter(g -> g.getName().startsWith(KeycloakTarget.SECTION_GROUP_PREFIX))
          .forEach(g -> groups.put(g.getName(), g));
      if (page.size() < PAGE) {
        return groups;
      }
    }
  }

  /** The group of section {@code code}, created if the realm has none yet. */
  GroupRepresentation of(String code) {
    String name = KeycloakTarget.SECTION_GROUP_PREFIX + code;
    GroupRepresentation cached = cache.get(name);
    if (cached != null) {
      return cached;
    }
    if (!loaded) {
      cache.putAll(all()); // one listing per target, not one per new section
      loaded = true;
      GroupRepresentation existing = cache.get(name);
      if (existing != null) {
        return existing;
      }
    }
    GroupRepresentation group = new GroupRepresentation();
    group.setName(name);
    try (Response response = realm().groups().add(group)) {
      if (response.getStatus() == 201) {
        group.setId(CreatedResponseUtil.getCreatedId(response));
        cache.put(name, group);
        return group;
      }
    }
    GroupRepresentation raced = all().get(name); // created meanwhile by another run
    if (raced == null) {
      throw new KeycloakException("Keycloak did not create group " + name, 0, null);
    }
    cache.put(name, raced);
    return raced;
  }

  /** Forgets what was cached: a section group may have been removed by hand. */
  void forget() {
    cache.clear();
    loaded = false;
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }
}
