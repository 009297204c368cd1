package jp.mamori.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
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
    return new Accounts(now, new UserRows(session).rows(realm, null, attributes, groupPrefix));
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
    return new UserRows(session).changes(realm, since, attributes, groupPrefix);
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
    return new MembershipMoves(session).apply(realm, auth, moves);
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
    // Which usernames exist: one query for the whole request where the realm's users are all in
    // Keycloak's database (a query per user was a round trip per user to PostgreSQL); per user,
    // as Keycloak looks them up, where a user storage provider (LDAP federation) may hold some.
    java.util.function.Predicate<String> exists =
        realm
                .getStorageProviders(org.keycloak.storage.UserStorageProvider.class)
                .findAny()
                .isPresent()
            ? name -> session.users().getUserByUsername(realm, name) != null
            : storedUsernames(realm, users)::contains;
    java.util.Set<String> addedNow = new java.util.HashSet<>();
    org.keycloak.connections.jpa.support.EntityManagers.runInBatch(
        session,
        () -> {
          for (org.keycloak.representations.idm.UserRepresentation rep : users) {
            String name = rep.getUsername().toLowerCase(java.util.Locale.ROOT);
            if (addedNow.contains(name) || exists.test(name)) {
              results.add(new Imported(rep.getUsername(), null, "SKIPPED"));
              continue;
            }
            addedNow.add(name);
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

  /** The usernames among {@code users} stored in the realm (Keycloak stores them lower-case). */
  private java.util.Set<String> storedUsernames(
      RealmModel realm, List<org.keycloak.representations.idm.UserRepresentation> users) {
    List<String> names =
        users.stream().map(u -> u.getUsername().toLowerCase(java.util.Locale.ROOT)).toList();
    java.util.Set<String> found = new java.util.HashSet<>();
    for (int from = 0; from < names.size(); from += 1000) {
      found.addAll(
          em().createQuery(
                  "select u.username from UserEntity u where u.realmId = :realm"
                      + " and u.username in :names",
                  String.class)
              .setParameter("realm", realm.getId())
              .setParameter("names", names.subList(from, Math.min(names.size(), from + 1000)))
              .getResultList());
    }
    return found;
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  private RealmModel realm() {
    return session.getContext().getRealm();
  }

  private AdminAuth authenticate(RealmModel realm) {
    return AdminBearer.authenticate(session, realm);
  }
}
