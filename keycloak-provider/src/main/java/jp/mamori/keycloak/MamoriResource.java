package jp.mamori.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * {@code /realms/{realm}/mamori/v1/...}: what Mamori's reconciliation needs and the standard admin
 * API can only give one user at a time.
 *
 * <ul>
 *   <li>{@code GET accounts}: every user of the realm (service-account users excepted) with the
 *       named attributes and the names of the groups with the given prefix, in three queries;
 *   <li>{@code GET changes?since=}: the users changed since a time of this server (admin events on
 *       users and group memberships, the user events that change a user, creations and
 *       modifications), with the IDs of those no longer there; {@code complete=false} when it
 *       cannot tell (admin events not stored, expired, or a group deleted or renamed) and the
 *       caller must read everything;
 *   <li>{@code POST memberships}: joins, leaves and ends the sessions of many users in one request
 *       (one transaction), each person's move recorded as one admin event ({@code GROUP_MEMBERSHIP
 *       UPDATE users/{id}/groups} with the groups joined and left and whether the sessions ended).
 * </ul>
 *
 * <p>Authorization is Keycloak's own: a bearer token of this realm or of the master realm, whose
 * holder may view users (reads) or manage users (changes) of this realm.
 */
public final class MamoriResource {

  /** Version of this API; the client checks it before using it. */
  public static final String VERSION = "1";

  private static final int CHUNK = 1_000;
  private static final int EVENT_PAGE = 5_000;

  private final KeycloakSession session;

  MamoriResource(KeycloakSession session) {
    this.session = session;
  }

  /** One user as Mamori reads it. */
  public record Row(
      String id,
      String username,
      String firstName,
      String lastName,
      boolean enabled,
      Long createdTimestamp,
      Map<String, List<String>> attributes,
      List<String> groups) {}

  /** Every user, and the server's time taken before reading them. */
  public record Accounts(long now, List<Row> users) {}

  /** Users changed since a time; {@code gone}: changed and no longer there. */
  public record Changes(
      long now, boolean complete, String incompleteReason, List<Row> users, List<String> gone) {}

  /**
   * One user's moves: top-level groups (by name) to join, created if missing, and to leave; end its
   * sessions.
   */
  public record Move(String id, List<String> join, List<String> leave, boolean logout) {}

  /**
   * What became of one move: {@code APPLIED}, {@code NO_SUCH_USER} or {@code NO_SUCH_GROUP} (a name
   * that cannot be a top-level group).
   */
  public record MoveResult(String id, String outcome, String detail) {}

  @GET
  @Path("v1/info")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> info() {
    RealmModel realm = realm();
    AdminPermissions.evaluator(session, realm, authenticate(realm)).users().requireView();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("version", VERSION);
    info.put("now", Time.currentTimeMillis());
    info.put("adminEventsEnabled", realm.isAdminEventsEnabled());
    return info;
  }

  @GET
  @Path("v1/accounts")
  @Produces(MediaType.APPLICATION_JSON)
  public Accounts accounts(
      @QueryParam("attribute") List<String> attributes,
      @QueryParam("groupPrefix") String groupPrefix) {
    RealmModel realm = realm();
    AdminPermissions.evaluator(session, realm, authenticate(realm)).users().requireView();
    long now = Time.currentTimeMillis();
    return new Accounts(now, rows(realm, null, attributes, groupPrefix));
  }

  @GET
  @Path("v1/changes")
  @Produces(MediaType.APPLICATION_JSON)
  public Changes changes(
      @QueryParam("since") Long since,
      @QueryParam("attribute") List<String> attributes,
      @QueryParam("groupPrefix") String groupPrefix) {
    RealmModel realm = realm();
    AdminPermissions.evaluator(session, realm, authenticate(realm)).users().requireView();
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

  @POST
  @Path("v1/memberships")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public List<MoveResult> memberships(List<Move> moves) {
    RealmModel realm = realm();
    AdminAuth auth = authenticate(realm);
    AdminPermissions.evaluator(session, realm, auth).users().requireManage();
    if (moves == null) {
      throw new BadRequestException("expected a JSON array of moves; found no body");
    }
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
        logout(realm, user, entity);
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

  /** What became of one imported user: {@code ADDED} (with its ID) or {@code SKIPPED} (exists). */
  public record Imported(String username, String id, String outcome) {}

  /**
   * Creates users that do not exist yet (onboarding: HR joiners, the first run's 40,000), with
   * their attributes and groups, as Keycloak's partial import does (the same {@code
   * RepresentationToModel.createUser}); usernames that exist are skipped. The difference is that
   * the whole request runs in Keycloak's batch mode ({@code EntityManagers.runInBatch}, which LDAP
   * federation's sync uses too): a group join then does not flush the persistence context twice (a
   * membership check query and a flush after each insert), which was three quarters of a partial
   * import's time (JFR, 20,000 users). One transaction: all or nothing. Recorded as one admin event
   * naming every user added.
   */
  @POST
  @Path("v1/users")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public List<Imported> importUsers(
      List<org.keycloak.representations.idm.UserRepresentation> users) {
    RealmModel realm = realm();
    AdminAuth auth = authenticate(realm);
    AdminPermissions.evaluator(session, realm, auth).users().requireManage();
    if (users == null) {
      throw new BadRequestException("expected a JSON array of users; found no body");
    }
    for (org.keycloak.representations.idm.UserRepresentation user : users) {
      if (user == null || user.getUsername() == null || user.getUsername().isBlank()) {
        throw new BadRequestException("expected every user to have a username; found one without");
      }
      if (user.getCredentials() != null && !user.getCredentials().isEmpty()) {
        throw new BadRequestException(
            "expected users without credentials (temporary passwords are issued by Mamori's"
                + " procedure); found credentials for "
                + user.getUsername());
      }
    }
    List<Imported> results = new ArrayList<>(users.size());
    org.keycloak.connections.jpa.support.EntityManagers.runInBatch(
        session,
        () -> {
          for (org.keycloak.representations.idm.UserRepresentation rep : users) {
            if (session.users().getUserByUsername(realm, rep.getUsername()) != null) {
              results.add(new Imported(rep.getUsername(), null, "SKIPPED"));
              continue;
            }
            rep.setId(KeycloakModelUtils.generateId());
            UserModel user =
                org.keycloak.models.utils.RepresentationToModel.createUser(session, realm, rep);
            results.add(new Imported(rep.getUsername(), user.getId(), "ADDED"));
          }
        },
        true);
    List<Map<String, String>> added = new ArrayList<>();
    for (Imported r : results) {
      if ("ADDED".equals(r.outcome())) {
        added.add(Map.of("id", r.id(), "username", r.username()));
      }
    }
    if (!added.isEmpty()) {
      new AdminEventBuilder(realm, auth, session, session.getContext().getConnection())
          .operation(OperationType.CREATE)
          .resource(ResourceType.USER)
          .resourcePath("users")
          .representation(Map.of("imported", added))
          .success();
    }
    return results;
  }

  /** The stored type of a suspended credential: this prefix and the type it had. */
  public static final String SUSPENDED_PREFIX = "mamori-suspended:";

  /**
   * Suspends one credential of a user (MF-3, a lost IC card or security key): its type becomes
   * {@value #SUSPENDED_PREFIX}{@code <type>}, so no authenticator of Keycloak finds it and the
   * login asks for another; the account and its other credentials stay as they are. Recorded as an
   * admin event. Suspending a suspended credential changes nothing.
   */
  @POST
  @Path("v1/users/{user}/credentials/{credential}/suspend")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> suspendCredential(
      @jakarta.ws.rs.PathParam("user") String userId,
      @jakarta.ws.rs.PathParam("credential") String credentialId) {
    return retype(userId, credentialId, true);
  }

  /** Puts a suspended credential back as it was (a lost card found again). */
  @POST
  @Path("v1/users/{user}/credentials/{credential}/reinstate")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> reinstateCredential(
      @jakarta.ws.rs.PathParam("user") String userId,
      @jakarta.ws.rs.PathParam("credential") String credentialId) {
    return retype(userId, credentialId, false);
  }

  private Map<String, Object> retype(String userId, String credentialId, boolean suspend) {
    RealmModel realm = realm();
    AdminAuth auth = authenticate(realm);
    UserModel user = session.users().getUserById(realm, userId);
    if (user == null) {
      throw new jakarta.ws.rs.NotFoundException("no user " + userId + " in " + realm.getName());
    }
    AdminPermissions.evaluator(session, realm, auth).users().requireManage(user);
    org.keycloak.models.jpa.entities.CredentialEntity credential =
        em().find(org.keycloak.models.jpa.entities.CredentialEntity.class, credentialId);
    if (credential == null || !credential.getUser().getId().equals(userId)) {
      throw new jakarta.ws.rs.NotFoundException(
          "no credential " + credentialId + " of user " + userId);
    }
    String type = credential.getType();
    boolean suspended = type.startsWith(SUSPENDED_PREFIX);
    if (suspend && !suspended) {
      credential.setType(SUSPENDED_PREFIX + type);
    } else if (!suspend && suspended) {
      credential.setType(type.substring(SUSPENDED_PREFIX.length()));
    }
    if (!type.equals(credential.getType())) {
      em().flush();
      org.keycloak.models.cache.UserCache cache =
          session.getProvider(org.keycloak.models.cache.UserCache.class);
      if (cache != null) {
        cache.evict(realm, user);
      }
      new AdminEventBuilder(realm, auth, session, session.getContext().getConnection())
          .operation(OperationType.ACTION)
          .resource(ResourceType.USER)
          .resourcePath(
              "users", userId, "credentials", credentialId, suspend ? "suspend" : "reinstate")
          .representation(Map.of("type", credential.getType()))
          .success();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", credentialId);
    result.put("type", credential.getType());
    result.put("suspended", credential.getType().startsWith(SUSPENDED_PREFIX));
    return result;
  }

  /**
   * As the admin API's {@code POST users/{id}/logout}: not-before now (tokens issued before are
   * refused, refresh included), every session ended.
   */
  private void logout(
      RealmModel realm, UserModel user, org.keycloak.models.jpa.entities.UserEntity entity) {
    entity.setNotBefore(Time.currentTime());
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

  /** Users of the realm (all, or those with the given IDs), service-account users excepted. */
  private List<Row> rows(
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

  private RealmModel realm() {
    return session.getContext().getRealm();
  }

  /**
   * The caller's admin identity from its bearer token, verified by the realm that issued it (this
   * realm or master), as Keycloak's admin API does; 401 without a valid token.
   */
  private AdminAuth authenticate(RealmModel realm) {
    HttpHeaders headers = session.getContext().getRequestHeaders();
    String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new NotAuthorizedException("Bearer");
    }
    String token = header.substring(7).strip();
    String issuer;
    try {
      issuer = TokenVerifier.create(token, AccessToken.class).getToken().getIssuer();
    } catch (VerificationException e) {
      throw new NotAuthorizedException("Bearer");
    }
    if (issuer == null) {
      throw new NotAuthorizedException("Bearer");
    }
    RealmModel tokenRealm =
        session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
    if (tokenRealm == null) {
      throw new NotAuthorizedException("Bearer");
    }
    AuthenticationManager.AuthResult result;
    session.getContext().setRealm(tokenRealm);
    try {
      result =
          new AppAuthManager.BearerTokenAuthenticator(session)
              .setRealm(tokenRealm)
              .setConnection(session.getContext().getConnection())
              .setHeaders(headers)
              .setTokenString(token)
              .authenticate();
    } finally {
      session.getContext().setRealm(realm);
    }
    if (result == null) {
      throw new NotAuthorizedException("Bearer");
    }
    return new AdminAuth(tokenRealm, result.token(), result.user(), result.client());
  }
}
