package jp.mamori.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.keycloak.MamoriResource.Changes;
import jp.mamori.keycloak.MamoriResource.Row;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The reads of {@link MamoriResource}: the realm's users as Mamori reads them, all of them or those
 * changed since a time of this server, each with the named attributes and the groups of a prefix,
 * in three queries per chunk of users.
 */
final class UserRows {

  private static final int CHUNK = 1_000;
  private static final int EVENT_PAGE = 5_000;

  private final KeycloakSession session;

  UserRows(KeycloakSession session) {
    this.session = session;
  }

  /** As {@link MamoriResource#changes}, for the realm whose reading the caller may view. */
  Changes changes(RealmModel realm, Long since, List<String> attributes, String groupPrefix) {
    if (since == null || since < 0) {
      throw new BadRequestException(
          "expected query parameter since = a time in milliseconds of this server; found " + since);
    }
    long now = Time.currentTimeMillis();
    if (!realm.isAdminEventsEnabled()) {
      return new Changes(
          now, false, "admin events are not stored in this realm", List.of(), List.of());
    }
    String expiration = realm.getAttribute("adminEventsExpiration");
    if (expiration != null && !expiration.isBlank()) {
      long kept = Long.parseLong(expiration.strip()) * 1000;
      if (kept > 0 && since < now - kept) {
        return new Changes(
            now,
            false,
            "admin events older than " + kept / 1000 + " s are deleted",
            List.of(),
            List.of());
      }
    }
    EventStoreProvider store = session.getProvider(EventStoreProvider.class);
    Set<String> ids = new HashSet<>();
    for (int first = 0; ; first += EVENT_PAGE) {
      List<AdminEvent> page =
          store
              .createAdminQuery()
              .realm(realm.getId())
              .resourceType(ResourceType.USER, ResourceType.GROUP_MEMBERSHIP, ResourceType.GROUP)
              .fromTime(since)
              .orderByAscTime()
              .firstResult(first)
              .maxResults(EVENT_PAGE)
              .getResultStream()
              .toList();
      for (AdminEvent event : page) {
        if (event.getResourceType() == ResourceType.GROUP) {
          if (event.getOperationType() == OperationType.DELETE
              || event.getOperationType() == OperationType.UPDATE) {
            // every member's groups changed at once, without an event per member
            return new Changes(
                now,
                false,
                "a group was deleted or renamed: " + event.getResourcePath(),
                List.of(),
                List.of());
          }
          continue;
        }
        String path = event.getResourcePath();
        if (path != null && path.startsWith("users/")) {
          int end = path.indexOf('/', "users/".length());
          ids.add(end < 0 ? path.substring(6) : path.substring(6, end));
        }
      }
      if (page.size() < EVENT_PAGE) {
        break;
      }
    }
    if (realm.isEventsEnabled()) {
      store
          .createQuery()
          .realm(realm.getId())
          .type(
              EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT,
              EventType.UPDATE_PROFILE,
              EventType.UPDATE_EMAIL,
              EventType.DELETE_ACCOUNT)
          .fromDate(since)
          .getResultStream()
          .forEach(e -> {
            if (e.getUserId() != null) {
              ids.add(e.getUserId());
            }
          });
    }
    em().createQuery(
            "select u.id from UserEntity u where u.realmId = :realm"
                + " and (u.createdTimestamp >= :since or u.lastModifiedTimestamp >= :since)",
            String.class)
        .setParameter("realm", realm.getId())
        .setParameter("since", since)
        .getResultStream()
        .forEach(ids::add);
    List<Row> rows = new ArrayList<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += CHUNK) {
      rows.addAll(
          rows(
              realm,
              all.subList(from, Math.min(all.size(), from + CHUNK)),
              attributes,
              groupPrefix));
    }
    Set<String> found = new HashSet<>();
    rows.forEach(r -> found.add(r.id()));
    List<String> gone = all.stream().filter(id -> !found.contains(id)).sorted().toList();
    return new Changes(now, true, null, rows, gone);
  }

  /** Users of the realm (all, or those with the given IDs), service-account users excepted. */
  List<Row> rows(
      RealmModel realm, List<String> ids, List<String> attributeNames, String groupPrefix) {
    String only = ids == null ? "" : " and u.id in :ids";
    var users =
        em().createQuery(
                "select u.id, u.username, u.firstName, u.lastName, u.enabled, u.createdTimestamp"
                    + " from UserEntity u where u.realmId = :realm"
                    + " and u.serviceAccountClientLink is null"
                    + only,
                Object[].class)
            .setParameter("realm", realm.getId());
    if (ids != null) {
      users.setParameter("ids", ids);
    }
    Map<String, Map<String, List<String>>> attributes = new HashMap<>();
    if (attributeNames != null && !attributeNames.isEmpty()) {
      var query =
          em().createQuery(
                  "select a.user.id, a.name, a.value from UserAttributeEntity a"
                      + " where a.user.realmId = :realm and a.name in :names"
                      + only.replace("u.id", "a.user.id"),
                  Object[].class)
              .setParameter("realm", realm.getId())
              .setParameter("names", attributeNames);
      if (ids != null) {
        query.setParameter("ids", ids);
      }
      query
          .getResultStream()
          .forEach(r ->
              attributes
                  .computeIfAbsent((String) r[0], k -> new HashMap<>())
                  .computeIfAbsent((String) r[1], k -> new ArrayList<>())
                  .add((String) r[2]));
    }
    Map<String, List<String>> groups = new HashMap<>();
    var memberships =
        em().createQuery(
                "select m.user.id, g.name from UserGroupMembershipEntity m, GroupEntity g"
                    + " where g.id = m.groupId and m.user.realmId = :realm and g.name like :prefix"
                    + only.replace("u.id", "m.user.id"),
                Object[].class)
            .setParameter("realm", realm.getId())
            .setParameter("prefix", (groupPrefix == null ? "" : groupPrefix) + "%");
    if (ids != null) {
      memberships.setParameter("ids", ids);
    }
    memberships
        .getResultStream()
        .forEach(
            r -> groups.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]));
    List<Row> rows = new ArrayList<>();
    users
        .getResultStream()
        .forEach(r -> {
          String id = (String) r[0];
          rows.add(
              new Row(
                  id,
                  (String) r[1],
                  (String) r[2],
                  (String) r[3],
                  (Boolean) r[4],
                  (Long) r[5],
                  attributes.getOrDefault(id, Map.of()),
                  groups.getOrDefault(id, List.of())));
        });
    return rows;
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
