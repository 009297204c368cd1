package jp.mamori.keycloak;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.keycloak.MamoriResource.Move;
import jp.mamori.keycloak.MamoriResource.MoveResult;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * The membership moves of {@link MamoriResource}: joins, leaves and ended sessions of many users in
 * one transaction, each person's move recorded as one admin event.
 */
final class MembershipMoves {

  private final KeycloakSession session;

  MembershipMoves(KeycloakSession session) {
    this.session = session;
  }

  /** Applies the moves of one request, authorized for {@code auth}; answers each one's outcome. */
  List<MoveResult> apply(RealmModel realm, AdminAuth auth, List<Move> moves) {
    AdminEventBuilder events =
        new AdminEventBuilder(realm, auth, session, session.getContext().getConnection());
    Map<String, GroupModel> groups = new HashMap<>();
    List<MoveResult> results = new ArrayList<>(moves.size());
    // Keycloak's batch mode (as in importUsers): nothing is flushed before the commit.
    org.keycloak.connections.jpa.support.EntityManagers.runInBatch(
        session, () -> moveAll(realm, auth, moves, groups, events, results), true);
    return results;
  }

  /**
   * The moves of one request, with the entities themselves: the users and their memberships are
   * read in two queries for the whole request (the model API reads a user through the cache, again
   * for the update, checks each membership with its own query and flushes after each leave: six
   * statements and a flush per person). Joins and leaves are persisted as the model does (the same
   * entities, the same membership events fired), the user's not-before is set on the entity, and
   * each user changed is evicted from the user cache.
   */
  private void moveAll(
      RealmModel realm,
      AdminAuth auth,
      List<Move> moves,
      Map<String, GroupModel> groups,
      AdminEventBuilder events,
      List<MoveResult> results) {
    List<String> ids =
        moves.stream().map(Move::id).filter(java.util.Objects::nonNull).distinct().toList();
    Map<String, org.keycloak.models.jpa.entities.UserEntity> users = new HashMap<>();
    Map<String, List<org.keycloak.models.jpa.entities.UserGroupMembershipEntity>> memberships =
        new HashMap<>();
    if (!ids.isEmpty()) {
      em().createQuery(
              "select u from UserEntity u where u.realmId = :realm and u.id in :ids",
              org.keycloak.models.jpa.entities.UserEntity.class)
          .setParameter("realm", realm.getId())
          .setParameter("ids", ids)
          .getResultStream()
          .forEach(u -> users.put(u.getId(), u));
      em().createQuery(
              "select m from UserGroupMembershipEntity m where m.user.id in :ids",
              org.keycloak.models.jpa.entities.UserGroupMembershipEntity.class)
          .setParameter("ids", ids)
          .getResultStream()
          .forEach(
              m -> memberships.computeIfAbsent(m.getUser().getId(), k -> new ArrayList<>()).add(m));
    }
    Set<String> withSessions = withSessions(realm, moves);
    org.keycloak.models.cache.UserCache cache =
        session.getProvider(org.keycloak.models.cache.UserCache.class);
    for (Move move : moves) {
      org.keycloak.models.jpa.entities.UserEntity entity =
          move.id() == null ? null : users.get(move.id());
      if (entity == null) {
        results.add(
            new MoveResult(
                move.id(), "NO_SUCH_USER", "no user with this ID in " + realm.getName()));
        continue;
      }
      List<GroupModel> join = new ArrayList<>();
      List<GroupModel> leave = new ArrayList<>();
      String invalid = joinable(realm, groups, move.join(), join, events);
      if (invalid == null) {
        invalid = existing(realm, groups, move.leave(), leave);
      }
      if (invalid != null) {
        results.add(new MoveResult(move.id(), "NO_SUCH_GROUP", invalid));
        continue;
      }
      UserModel user = new org.keycloak.models.jpa.UserAdapter(session, realm, em(), entity);
      List<org.keycloak.models.jpa.entities.UserGroupMembershipEntity> direct =
          memberships.computeIfAbsent(entity.getId(), k -> new ArrayList<>());
      List<Map<String, String>> joined = new ArrayList<>();
      List<Map<String, String>> left = new ArrayList<>();
      for (GroupModel group : join) {
        if (direct.stream().noneMatch(m -> m.getGroupId().equals(group.getId()))) {
          org.keycloak.models.jpa.entities.UserGroupMembershipEntity m =
              new org.keycloak.models.jpa.entities.UserGroupMembershipEntity();
          m.setUser(entity);
          m.setGroupId(group.getId());
          m.setMembershipType(org.keycloak.representations.idm.MembershipType.UNMANAGED);
          em().persist(m);
          direct.add(m);
          GroupModel.GroupMemberJoinEvent.fire(group, user, session);
          joined.add(Map.of("id", group.getId(), "name", group.getName()));
        }
      }
      for (GroupModel group : leave) {
        var found = direct.stream().filter(m -> m.getGroupId().equals(group.getId())).toList();
        if (!found.isEmpty()) {
          found.forEach(em()::remove);
          direct.removeAll(found);
          GroupModel.GroupMemberLeaveEvent.fire(group, user, session);
          left.add(Map.of("id", group.getId(), "name", group.getName()));
        }
      }
      if (move.logout()) {
        logout(realm, user, entity, withSessions.contains(entity.getId()));
      }
      if (!joined.isEmpty() || !left.isEmpty() || move.logout()) {
        if (cache != null) {
          cache.evict(realm, user);
        }
        // One admin event per person moved: what was joined, what was left, whether the sessions
        // ended. (Keycloak's own API records one event per membership and one per logout; three
        // inserts per transfer were a third of a move's cost.)
        Map<String, Object> moved = new LinkedHashMap<>();
        moved.put("joined", joined);
        moved.put("left", left);
        moved.put("sessionsEnded", move.logout());
        events
            .operation(OperationType.UPDATE)
            .resource(ResourceType.GROUP_MEMBERSHIP)
            .resourcePath("users", user.getId(), "groups")
            .representation(moved)
            .success();
      }
      results.add(new MoveResult(move.id(), "APPLIED", null));
    }
  }

  /**
   * Of the users whose moves end their sessions, those with a session stored in the database, in
   * one query. Keycloak looks a person's sessions up in the same table (persistent sessions), one
   * query per person after loading the person into the user cache — two fifths of Keycloak's time
   * in a day's 400 moves, where nearly nobody is logged in at night. Any stored session counts,
   * expired or not: those users then go through Keycloak's own lookup, as before.
   */
  private Set<String> withSessions(RealmModel realm, List<Move> moves) {
    List<String> ids =
        moves.stream()
            .filter(Move::logout)
            .map(Move::id)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .toList();
    if (ids.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        em().createQuery(
                "select distinct s.userId from PersistentUserSessionEntity s where s.realmId ="
                    + " :realm and s.offline = '0' and s.userId in :ids",
                String.class)
            .setParameter("realm", realm.getId())
            .setParameter("ids", ids)
            .getResultList());
  }

  /**
   * As the admin API's {@code POST users/{id}/logout}: not-before now (tokens issued before are
   * refused, refresh included), every session ended. {@code hasSessions} false: the database holds
   * no session of the person ({@link #withSessions}), so there is none for Keycloak to find.
   */
  private void logout(
      RealmModel realm,
      UserModel user,
      org.keycloak.models.jpa.entities.UserEntity entity,
      boolean hasSessions) {
    entity.setNotBefore(Time.currentTime());
    if (!hasSessions) {
      return;
    }
    List<UserSessionModel> sessions =
        session.sessions().getUserSessionsStream(realm, user).toList();
    for (UserSessionModel userSession : sessions) {
      AuthenticationManager.backchannelLogout(
          session,
          realm,
          userSession,
          session.getContext().getUri(),
          session.getContext().getConnection(),
          session.getContext().getRequestHeaders(),
          true);
    }
  }

  /**
   * Adds the named top-level groups to {@code into}, creating those not there yet (a section's
   * first member; recorded as the admin event the standard API records); returns why a name cannot
   * be a group, or null.
   */
  private String joinable(
      RealmModel realm,
      Map<String, GroupModel> cache,
      List<String> names,
      List<GroupModel> into,
      AdminEventBuilder events) {
    if (names == null) {
      return null;
    }
    for (String name : names) {
      if (invalid(name)) {
        return invalidName(name);
      }
      GroupModel group = topLevel(realm, cache, name);
      if (group == null) {
        group = realm.createGroup(name);
        GroupModel.GroupCreatedEvent.fire(group, session);
        events
            .operation(OperationType.CREATE)
            .resource(ResourceType.GROUP)
            .resourcePath("groups", group.getId())
            .representation(ModelToRepresentation.groupToBriefRepresentation(group))
            .success();
        cache.put(name, group);
      }
      into.add(group);
    }
    return null;
  }

  /**
   * Adds the named top-level groups that exist to {@code into}: a group that is not there has no
   * member to lose. Returns why a name cannot be a group, or null.
   */
  private String existing(
      RealmModel realm, Map<String, GroupModel> cache, List<String> names, List<GroupModel> into) {
    if (names == null) {
      return null;
    }
    for (String name : names) {
      if (invalid(name)) {
        return invalidName(name);
      }
      GroupModel group = topLevel(realm, cache, name);
      if (group != null) {
        into.add(group);
      }
    }
    return null;
  }

  private GroupModel topLevel(RealmModel realm, Map<String, GroupModel> cache, String name) {
    return cache.computeIfAbsent(
        name, n -> KeycloakModelUtils.findGroupByPath(session, realm, "/" + n));
  }

  private static boolean invalid(String name) {
    return name == null || name.isBlank() || name.contains("/");
  }

  private static String invalidName(String name) {
    return "expected a top-level group name (not blank, no '/'); found \"" + name + "\"";
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
