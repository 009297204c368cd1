package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.IncrementalSource;
import jp.mamori.hrsync.reconcile.PerAccountApply;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.hrsync.sync.IdpAccount;
import jp.mamori.hrsync.sync.TemporaryPassword;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The Keycloak realm as a reconciliation target: reads every user as a {@link TargetAccount} and
 * applies {@link PlannedAction}s.
 *
 * <p>Model: a section (所属) is a top-level group {@code section-<code>}; the account's state is
 * Keycloak's {@code enabled} flag plus Mamori's attributes {@code mamoriState} ({@code SUSPENDED}
 * or {@code DISABLED}), {@code mamoriStopReason} and {@code mamoriStateSince}; declared service,
 * privileged and development accounts carry {@code mamoriKind} (and {@code mamoriEndDate}). A
 * person absent under a policy that keeps the account carries {@code mamoriSuspendedTiers}, the
 * tiers the access decision refuses them (comma-separated tier names, e.g. {@code MYNUMBER,LGWAN});
 * like every Mamori attribute it is unmanaged and admin-edit only, so its owner cannot remove it.
 *
 * <p>Every action is idempotent (setting a state, joining a group, deleting a user that is gone),
 * so a run cut off half-way can simply be planned and applied again: what was done no longer
 * appears in the new plan. Stopping an account and moving it between sections end its sessions.
 */
public final class KeycloakTarget implements ReconcileTarget, IncrementalSource {

  static final String SECTION_GROUP_PREFIX = "section-";
  static final String STATE = "mamoriState";
  static final String STOP_REASON = "mamoriStopReason";
  static final String STATE_SINCE = "mamoriStateSince";
  static final String KIND = "mamoriKind";
  static final String END_DATE = "mamoriEndDate";

  /** The tiers refused while absent ({@link PlannedAction.RestrictTiers}); absent when none are. */
  public static final String SUSPENDED_TIERS = SuspendedTiers.ATTRIBUTE;

  private static final int PAGE = 500;

  /** The attributes {@link #toAccount} reads. */
  static final List<String> READ_ATTRIBUTES =
      List.of("employeeNumber", STATE, STOP_REASON, STATE_SINCE, KIND, END_DATE, SUSPENDED_TIERS);

  /**
   * How far before the last mark changes are read again: a change is recorded with the time its
   * transaction began and becomes visible when it commits (Keycloak's transaction timeout is 300
   * s), so a read may miss one still in flight.
   */
  public static final java.time.Duration DEFAULT_IN_FLIGHT_ALLOWANCE =
      java.time.Duration.ofMinutes(5);

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(KeycloakTarget.class);

  private final Keycloak admin;
  private final String realmName;
  private final KeycloakAccounts accounts;
  private final boolean mayUseProvider;
  private final java.time.Duration inFlightAllowance;
  private final boolean federated;
  private final FederatedUsers federatedUsers;

  /** Null until the provider was looked for; then whether it is there. */
  private volatile Optional<MamoriProviderApi> provider;

  /**
   * A target that uses Mamori's Keycloak provider when the server has it (compact reads, reads of
   * changes, section moves in bulk) and the standard admin API otherwise.
   */
  public KeycloakTarget(Keycloak admin, String realmName) {
    this(admin, realmName, true, DEFAULT_IN_FLIGHT_ALLOWANCE);
  }

  /**
   * @param mayUseProvider false to use the standard admin API only, even where the provider is
   *     installed
   * @param inFlightAllowance see {@link #DEFAULT_IN_FLIGHT_ALLOWANCE}
   */
  public KeycloakTarget(
      Keycloak admin,
      String realmName,
      boolean mayUseProvider,
      java.time.Duration inFlightAllowance) {
    this(admin, realmName, mayUseProvider, inFlightAllowance, false);
  }

  /**
   * @param federated whether the realm's users come from the directory through Keycloak's LDAP
   *     federation (the directory holds the password): a joiner's user is then the one the
   *     federation finds in the directory, given Mamori's attributes and section groups, never a
   *     user Keycloak creates itself
   */
  public KeycloakTarget(
      Keycloak admin,
      String realmName,
      boolean mayUseProvider,
      java.time.Duration inFlightAllowance,
      boolean federated) {
    this.federated = federated;
    this.federatedUsers = new FederatedUsers(admin, realmName);
    this.admin = admin;
    this.realmName = realmName;
    this.accounts = new KeycloakAccounts(admin, realmName);
    this.mayUseProvider = mayUseProvider;
    this.inFlightAllowance = inFlightAllowance;
    this.provider = mayUseProvider ? null : Optional.empty();
  }

  /**
   * Mamori's provider on this server, looked for once: absent when the server answers 404 (a stock
   * Keycloak) or speaks another version; an error other than 404 is not taken for an absence.
   */
  Optional<MamoriProviderApi> provider() {
    Optional<MamoriProviderApi> known = provider;
    if (known != null) {
      return known;
    }
    MamoriProviderApi api = admin.proxy(MamoriProviderApi.class);
    try {
      Object version = api.info(realmName).get("version");
      if (MamoriProviderApi.VERSION.equals(version)) {
        known = Optional.of(api);
      } else {
        log.warn(
            "Mamori's Keycloak provider speaks version {}, this client {}: using the standard"
                + " admin API",
            version,
            MamoriProviderApi.VERSION);
        known = Optional.empty();
      }
    } catch (NotFoundException e) {
      log.info(
          "Mamori's Keycloak provider is not installed on this server: using the standard admin"
              + " API (one request per change; see README)");
      known = Optional.empty();
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "answer whether Mamori's provider is there", e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "look for Mamori's provider", e);
    }
    provider = known;
    return known;
  }

  /** Whether this target reads and moves through Mamori's provider. */
  public boolean usesProvider() {
    return provider().isPresent();
  }

  @Override
  public Target target() {
    return Target.IDENTITY_PROVIDER;
  }

  /** Requests in flight at once while reading the realm (pages of users, section members). */
  static final int READ_PARALLELISM = 3;

  /**
   * Every user of the realm, completely, or a {@link KeycloakException}: never a partial list.
   *
   * <p>Pages are read {@link #READ_PARALLELISM} at a time: the pages the user count calls for, then
   * on one by one until a short page, so users added meanwhile are read too; a user seen on two
   * pages (the list shifted) is taken once. A user deleted meanwhile may shift another past a page
   * boundary and go unseen in this run: the planner then proposes only a creation, which the import
   * skips for an existing username — never a stop or a deletion.
   */
  @Override
  public List<TargetAccount> read() {
    if (mayUseProvider && provider().isPresent()) {
      return readComplete().accounts();
    }
    return readStandard();
  }

  /**
   * Every user in one request to the provider (three queries inside Keycloak), with the server's
   * time before the read as the mark; without the provider, the standard read and no mark.
   */
  @Override
  public Complete readComplete() {
    Optional<MamoriProviderApi> api = provider();
    if (api.isEmpty()) {
      return new Complete(readStandard(), "");
    }
    try {
      MamoriProviderApi.Accounts all =
          api.get().accounts(realmName, READ_ATTRIBUTES, SECTION_GROUP_PREFIX);
      return new Complete(toAccounts(all.users()), Long.toString(all.now()));
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "list users (Mamori's provider)", e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "list users", e);
    }
  }

  /**
   * The users changed since the mark less the in-flight allowance, by the provider's reading of
   * Keycloak's admin events and user events; {@link Unknown} without the provider, or when the
   * provider cannot tell (admin events off or expired, a section group deleted or renamed).
   */
  @Override
  public ChangeRead changesSince(String mark) {
    Optional<MamoriProviderApi> api = provider();
    if (api.isEmpty()) {
      return new Unknown("Mamori's Keycloak provider is not installed: no record of changes");
    }
    long since;
    try {
      since = Long.parseLong(mark);
    } catch (NumberFormatException e) {
      return new Unknown("the mark \"" + mark + "\" is not a time of Keycloak");
    }
    try {
      MamoriProviderApi.Changes changes =
          api.get()
              .changes(
                  realmName,
                  Math.max(0, since - inFlightAllowance.toMillis()),
                  READ_ATTRIBUTES,
                  SECTION_GROUP_PREFIX);
      if (!changes.complete()) {
        return new Unknown("Keycloak cannot tell what changed: " + changes.incompleteReason());
      }
      return new Changes(
          toAccounts(changes.users()), Set.copyOf(changes.gone()), Long.toString(changes.now()));
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "list the users changed", e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "list the users changed", e);
    }
  }

  private static List<TargetAccount> toAccounts(List<MamoriProviderApi.Row> rows) {
    List<TargetAccount> result = new ArrayList<>(rows.size());
    for (MamoriProviderApi.Row row : rows) {
      UserRepresentation user = new UserRepresentation();
      user.setId(row.id());
      user.setUsername(row.username());
      user.setFirstName(row.firstName());
      user.setLastName(row.lastName());
      user.setEnabled(row.enabled());
      user.setCreatedTimestamp(row.createdTimestamp());
      user.setAttributes(row.attributes() == null ? Map.of() : row.attributes());
      Set<String> sections = new java.util.HashSet<>();
      for (String group : row.groups() == null ? List.<String>of() : row.groups()) {
        if (group.startsWith(SECTION_GROUP_PREFIX)) {
          sections.add(group.substring(SECTION_GROUP_PREFIX.length()));
        }
      }
      result.add(toAccount(user, sections));
    }
    return result;
  }

  /** Every user through the standard admin API. */
  private List<TargetAccount> readStandard() {
    try (java.util.concurrent.ExecutorService requests =
        java.util.concurrent.Executors.newFixedThreadPool(READ_PARALLELISM)) {
      Map<String, Set<String>> sections = new java.util.concurrent.ConcurrentHashMap<>();
      List<java.util.concurrent.Future<?>> reads = new ArrayList<>();
      for (GroupRepresentation group : sectionGroups().values()) {
        reads.add(
            requests.submit(() -> {
              String code = group.getName().substring(SECTION_GROUP_PREFIX.length());
              for (int first = 0; ; first += PAGE) {
                List<UserRepresentation> members =
                    realm().groups().group(group.getId()).members(first, PAGE, true);
                members.forEach(u ->
                    sections
                        .computeIfAbsent(
                            u.getId(), k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                        .add(code));
                if (members.size() < PAGE) {
                  return null;
                }
              }
            }));
      }
      int count = realm().users().count();
      int pages = (count + PAGE - 1) / PAGE;
      List<java.util.concurrent.Future<List<UserRepresentation>>> pageReads = new ArrayList<>();
      for (int page = 0; page < pages; page++) {
        int first = page * PAGE;
        pageReads.add(requests.submit(() -> realm().users().list(first, PAGE)));
      }
      Map<String, UserRepresentation> users = new java.util.LinkedHashMap<>();
      boolean shortPage = pages == 0;
      for (java.util.concurrent.Future<List<UserRepresentation>> read : pageReads) {
        List<UserRepresentation> page = await(read);
        page.forEach(u -> users.putIfAbsent(u.getId(), u));
        shortPage = page.size() < PAGE;
      }
      for (int first = pages * PAGE; !shortPage; first += PAGE) {
        List<UserRepresentation> page = realm().users().list(first, PAGE);
        page.forEach(u -> users.putIfAbsent(u.getId(), u));
        shortPage = page.size() < PAGE;
      }
      for (java.util.concurrent.Future<?> read : reads) {
        await(read);
      }
      List<TargetAccount> result = new ArrayList<>(users.size());
      for (UserRepresentation user : users.values()) {
        result.add(toAccount(user, sections.getOrDefault(user.getId(), Set.of())));
      }
      return result;
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "list users", e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "list users", e);
    }
  }

  /** The result of a read request; its failure is rethrown as it was. */
  private static <T> T await(java.util.concurrent.Future<T> read) {
    try {
      return read.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new KeycloakException("Keycloak read failed: " + e.getCause(), 0, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeycloakException("interrupted while reading Keycloak", 0, e);
    }
  }

  /**
   * Applies one action. Returns the temporary password issued to a joiner, if any (for the one-time
   * hand-over; never stored).
   */
  @Override
  public Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
    try {
      return switch (action) {
        case PlannedAction.Create c -> create(c);
        case PlannedAction.ChangeSections c -> {
          for (String code : c.add()) {
            realm().users().get(c.accountId()).joinGroup(sectionGroup(code).getId());
          }
          for (String code : c.remove()) {
            // sectionGroup creates a missing group; leaving an empty group is harmless
            realm().users().get(c.accountId()).leaveGroup(sectionGroup(code).getId());
          }
          realm().users().get(c.accountId()).logout(); // old access held in a session ends too
          yield Optional.empty();
        }
        case PlannedAction.Rename r -> {
          UserRepresentation user = realm().users().get(r.accountId()).toRepresentation();
          String[] names = r.fullName().split("[ 　]", 2);
          user.setLastName(names[0]);
          user.setFirstName(names.length > 1 ? names[1] : names[0]);
          realm().users().get(r.accountId()).update(user);
          yield Optional.empty();
        }
        case PlannedAction.UpdateProfile u ->
            // read() lists no profile fields for Keycloak users, so the planner plans none
            throw new IllegalArgumentException(
                "expected no profile update for Keycloak (it keeps no section name or title),"
                    + " found one for "
                    + u.accountId());
        case PlannedAction.Suspend s -> {
          stop(s.accountId(), AccountState.SUSPENDED, s.stopReason(), today);
          yield Optional.empty();
        }
        case PlannedAction.Disable d -> {
          stop(d.accountId(), AccountState.DISABLED, d.stopReason(), today);
          yield Optional.empty();
        }
        case PlannedAction.RestrictTiers t -> {
          SuspendedTiers.apply(realm().users().get(t.accountId()), t.tiers());
          yield Optional.empty();
        }
        case PlannedAction.Restore r -> {
          UserRepresentation user = realm().users().get(r.accountId()).toRepresentation();
          Map<String, List<String>> attributes = attributes(user);
          attributes.remove(STATE);
          attributes.remove(STOP_REASON);
          attributes.put(STATE_SINCE, List.of(today.toString()));
          user.setAttributes(attributes);
          user.setEnabled(true);
          realm().users().get(r.accountId()).update(user);
          yield Optional.empty();
        }
        case PlannedAction.Delete d -> {
          try (Response response = realm().users().delete(d.accountId())) {
            // 204, or 404 if a previous run (or the federation, for a user whose directory
            // entry is gone) deleted it already; anything else did not delete it
            if (response.getStatus() != 204
                && response.getStatus() != 404
                && !(federated && federatedUsers.gone(d.employeeNumber()))) {
              throw new KeycloakException(
                  "delete user "
                      + d.accountId()
                      + " ("
                      + d.employeeNumber()
                      + ") in realm "
                      + realmName
                      + ": expected 204 No Content, found "
                      + response.getStatus()
                      + " "
                      + KeycloakRealmConfigurator.describe(response),
                  response.getStatus(),
                  null);
            }
          }
          yield Optional.empty();
        }
        case PlannedAction.Report r -> Optional.empty();
      };
    } catch (NotFoundException e) {
      groupCache.clear(); // a section group may have been removed by hand: look again next time
      groupCacheLoaded = false;
      throw new KeycloakException(
          "Keycloak has no such user or group for " + action.canonical(), 404, e);
    } catch (WebApplicationException e) {
      throw new KeycloakException(
          "Keycloak refused "
              + action.canonical()
              + ": "
              + KeycloakRealmConfigurator.describe(e.getResponse()),
          e.getResponse().getStatus(),
          e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable applying " + action.canonical(), 0, e);
    }
  }

  /**
   * Joiners per partial-import request. Small on purpose: Keycloak's partial import grows worse
   * than linearly with the request's size (one transaction whose persistence context every further
   * user makes slower to flush). Measured here on 2 cores with the policy's realm, 4,000 users with
   * attributes and a group, one request at a time: 500 per request 168 users/s, 100 → 563, 50 →
   * 959, 25 → 1,217; two at a time, 10 per request was no better than 25.
   */
  static final int IMPORT_BATCH = 25;

  /**
   * Partial-import requests in flight at once. Keycloak serves each request on one worker thread;
   * on a 2-core server, 25 per request, with 20,000 users already in the realm: 2 at once 1,605
   * users/s, 3 at once 2,065 users/s; 40,000 users, 4 at once was slower than 3 (1,207 against
   * 1,312–1,420 users/s). Kept at 3, which also leaves room for logins on a production Keycloak
   * during an onboarding.
   */
  public static final int IMPORT_PARALLELISM = 3;

  /**
   * Joiners per request through Mamori's provider, whose import runs in Keycloak's batch mode (no
   * flush per user): there a larger request is cheaper per user, unlike the partial import. 20,000
   * users with attributes and a group into a fresh realm (2 cores, JIT warm): 25 per request, 3 at
   * once 4,170 users/s; 100 × 3 8,055; 250 × 3 7,662; 500 × 2 9,843; 250 × 2 10,098.
   */
  static final int PROVIDER_IMPORT_BATCH = 250;

  /** Provider import requests in flight at once (see {@link #PROVIDER_IMPORT_BATCH}). */
  public static final int PROVIDER_IMPORT_PARALLELISM = 2;

  /** Requests in flight at once for an onboarding, with or without the provider. */
  public int importParallelism() {
    return provider().isPresent() ? PROVIDER_IMPORT_PARALLELISM : IMPORT_PARALLELISM;
  }

  /** Joiners per request, with or without the provider. */
  int importBatch() {
    return provider().isPresent() ? PROVIDER_IMPORT_BATCH : IMPORT_BATCH;
  }

  /**
   * Applies the actions in order, consecutive joiners through the realm's partial-import endpoint
   * ({@link #IMPORT_BATCH} accounts per request, {@link #IMPORT_PARALLELISM} requests at once,
   * existing ones skipped, so a repeated batch is harmless); everything else one by one. Joiners
   * are created without a credential: their temporary password is issued and handed over through
   * the issuance procedure, which records who handed it to whom (PW-4).
   */
  @Override
  public List<PlannedAction> applyAll(List<PlannedAction> actions, LocalDate today) {
    List<PlannedAction> applied = new ArrayList<>();
    List<PlannedAction.Create> joiners = new ArrayList<>();
    List<PlannedAction> others = new ArrayList<>();
    for (PlannedAction action : actions) {
      if (action instanceof PlannedAction.Create c && !federated) {
        applyEach(others, today, applied);
        joiners.add(c);
      } else {
        importJoiners(joiners, applied);
        others.add(action);
      }
    }
    importJoiners(joiners, applied);
    applyEach(others, today, applied);
    return applied;
  }

  /** Accounts whose actions are applied at once (each account's own actions stay in order). */
  static final int APPLY_PARALLELISM = 4;

  /**
   * Applies actions one request sequence per account, {@link #APPLY_PARALLELISM} accounts at a
   * time: a transfer is three requests (join, leave, end sessions), about 20 ms one after the other
   * here, 8 ms per transfer with four accounts at once — it matters on 1 April. Actions of one
   * account keep their order; every action that succeeded is reported as applied, the first failure
   * (in the plan's order) as the failure.
   */
  private void applyEach(
      List<PlannedAction> actions, LocalDate today, List<PlannedAction> applied) {
    if (actions.isEmpty()) {
      return;
    }
    Map<String, List<PlannedAction>> byAccount = PerAccountApply.byAccount(actions);
    PerAccountApply run = new PerAccountApply();
    if (mayUseProvider && provider().isPresent()) {
      List<PlannedAction.ChangeSections> moves = new ArrayList<>();
      byAccount
          .values()
          .removeIf(sequence -> {
            if (sequence.size() == 1
                && sequence.getFirst() instanceof PlannedAction.ChangeSections c) {
              moves.add(c);
              return true;
            }
            return false;
          });
      moveInBulk(provider().get(), moves, run);
    }
    run.run(byAccount, APPLY_PARALLELISM, action -> apply(action, today));
    List<PlannedAction> all = List.copyOf(actions);
    actions.clear();
    run.finish(all, applied);
  }

  /**
   * Section moves per request to the provider (one Keycloak transaction each). 400 moves in a
   * 40,000-user realm (ProvisioningBench, 2026-12-03, see bench/README.md): 25 per request, 3 at
   * once 0.39-0.57 s; 100 per request, 2 at once 0.27-0.46 s; 200 per request 0.23-0.38 s, within
   * the same noise. A failed request is retried as a whole by the next run, so the smaller size.
   */
  static final int MOVE_BATCH = 100;

  /** Move requests in flight at once. */
  static final int MOVE_PARALLELISM = 2;

  /**
   * Section moves through the provider: {@link #MOVE_BATCH} accounts per request (join, leave, end
   * sessions; each recorded as an admin event), {@link #MOVE_PARALLELISM} requests at once. A
   * request takes effect wholly or not at all; an account or group the provider does not find is
   * that action's failure.
   */
  private void moveInBulk(
      MamoriProviderApi api, List<PlannedAction.ChangeSections> moves, PerAccountApply run) {
    if (moves.isEmpty()) {
      return;
    }
    // The provider creates a section group on its first member (no group listing here).
    List<List<PlannedAction.ChangeSections>> batches = new ArrayList<>();
    for (int from = 0; from < moves.size(); from += MOVE_BATCH) {
      batches.add(moves.subList(from, Math.min(moves.size(), from + MOVE_BATCH)));
    }
    try (java.util.concurrent.ExecutorService requests =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(MOVE_PARALLELISM, batches.size()))) {
      for (List<PlannedAction.ChangeSections> batch : batches) {
        requests.submit(() -> moveBatch(api, batch, run));
      }
    }
  }

  /**
   * One move request; asked again once if Keycloak answers 409: two requests at once created the
   * same new section group, and the one that lost changed nothing.
   */
  private List<MamoriProviderApi.MoveResult> membershipsOnce(
      MamoriProviderApi api, List<MamoriProviderApi.Move> request) {
    try {
      return api.memberships(realmName, request);
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() != 409) {
        throw e;
      }
      return api.memberships(realmName, request);
    }
  }

  private void moveBatch(
      MamoriProviderApi api, List<PlannedAction.ChangeSections> batch, PerAccountApply run) {
    List<MamoriProviderApi.Move> request = new ArrayList<>(batch.size());
    for (PlannedAction.ChangeSections c : batch) {
      request.add(
          new MamoriProviderApi.Move(
              c.accountId(),
              c.add().stream().sorted().map(code -> SECTION_GROUP_PREFIX + code).toList(),
              c.remove().stream().sorted().map(code -> SECTION_GROUP_PREFIX + code).toList(),
              true)); // old access held in a session ends too
    }
    try {
      Map<String, MamoriProviderApi.MoveResult> results = new HashMap<>();
      for (MamoriProviderApi.MoveResult r : membershipsOnce(api, request)) {
        results.put(r.id(), r);
      }
      for (PlannedAction.ChangeSections c : batch) {
        MamoriProviderApi.MoveResult r = results.get(c.accountId());
        if (r != null && "APPLIED".equals(r.outcome())) {
          run.applied(c);
        } else {
          run.failed(
              c,
              new KeycloakException(
                  "Keycloak did not apply "
                      + c.canonical()
                      + ": expected APPLIED, found "
                      + (r == null
                          ? "no answer for this account"
                          : r.outcome() + " — " + r.detail()),
                  404,
                  null));
        }
      }
    } catch (WebApplicationException e) {
      KeycloakException failure =
          new KeycloakException(
              "Keycloak refused "
                  + batch.size()
                  + " section moves (Mamori's provider): "
                  + KeycloakRealmConfigurator.describe(e.getResponse()),
              e.getResponse().getStatus(),
              e);
      batch.forEach(c -> run.failed(c, failure));
    } catch (ProcessingException e) {
      KeycloakException failure =
          new KeycloakException(
              "Keycloak unreachable during " + batch.size() + " section moves", 0, e);
      batch.forEach(c -> run.failed(c, failure));
    } catch (RuntimeException e) {
      batch.forEach(c -> run.failed(c, e));
    }
  }

  /**
   * Imports the joiners in batches, several requests at once; waits for every request. Each request
   * takes effect wholly or not at all, so the batches that succeeded are applied even when another
   * failed: they are reported as applied and the first failed batch as the failure.
   */
  private void importJoiners(List<PlannedAction.Create> joiners, List<PlannedAction> applied) {
    if (joiners.isEmpty()) {
      return;
    }
    List<List<PlannedAction.Create>> batches = new ArrayList<>();
    int size = importBatch();
    for (int from = 0; from < joiners.size(); from += size) {
      batches.add(List.copyOf(joiners.subList(from, Math.min(joiners.size(), from + size))));
    }
    joiners.clear();
    for (List<PlannedAction.Create> batch : batches) {
      for (PlannedAction.Create c : batch) {
        c.sections().forEach(this::sectionGroup); // groups exist before any request names them
      }
    }
    List<java.util.concurrent.Future<?>> results = new ArrayList<>();
    try (java.util.concurrent.ExecutorService requests =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(importParallelism(), batches.size()))) {
      for (List<PlannedAction.Create> batch : batches) {
        results.add(requests.submit(() -> importBatch(batch)));
      }
    }
    RuntimeException failure = null;
    PlannedAction failed = null;
    for (int i = 0; i < batches.size(); i++) {
      try {
        results.get(i).get();
        applied.addAll(batches.get(i));
      } catch (java.util.concurrent.ExecutionException e) {
        if (failure == null) {
          failed = batches.get(i).getFirst();
          failure =
              e.getCause() instanceof KeycloakException k
                  ? k
                  : new KeycloakException(
                      "Keycloak partial import failed: " + e.getCause().getMessage(),
                      0,
                      e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PartiallyApplied(
            applied, batches.get(i).getFirst(), new KeycloakException("interrupted", 0, e));
      }
    }
    if (failure != null) {
      throw new PartiallyApplied(applied, failed, failure);
    }
  }

  /** One partial-import request for a batch of joiners (existing usernames are skipped). */
  private void importBatch(List<PlannedAction.Create> batch) {
    List<UserRepresentation> users = new ArrayList<>(batch.size());
    for (PlannedAction.Create c : batch) {
      List<String> paths = new ArrayList<>();
      for (String code : c.sections()) {
        paths.add("/" + sectionGroup(code).getName());
      }
      UserRepresentation user = KeycloakAccounts.representation(c.staff(), c.employeeNumber());
      user.setGroups(paths);
      users.add(user);
    }
    if (mayUseProvider && provider().isPresent()) {
      try {
        provider().get().importUsers(realmName, users);
        return;
      } catch (WebApplicationException e) {
        throw new KeycloakException(
            "Keycloak refused to import "
                + users.size()
                + " users (Mamori's provider): "
                + KeycloakRealmConfigurator.describe(e.getResponse()),
            e.getResponse().getStatus(),
            e);
      } catch (ProcessingException e) {
        throw new KeycloakException(
            "Keycloak unreachable during an import of " + users.size() + " users", 0, e);
      }
    }
    org.keycloak.representations.idm.PartialImportRepresentation request =
        new org.keycloak.representations.idm.PartialImportRepresentation();
    request.setIfResourceExists("SKIP");
    request.setUsers(users);
    try (Response response = realm().partialImport(request)) {
      if (response.getStatus() != 200) {
        throw new KeycloakException(
            "Keycloak refused a partial import of "
                + users.size()
                + " users: "
                + KeycloakRealmConfigurator.describe(response),
            response.getStatus(),
            null);
      }
    } catch (ProcessingException e) {
      throw new KeycloakException(
          "Keycloak unreachable during a partial import of " + users.size() + " users", 0, e);
    }
  }

  private Optional<TemporaryPassword> create(PlannedAction.Create c) {
    if (federated) {
      federatedUsers.link(c, this::sectionGroup);
      return Optional.empty();
    }
    String username = c.employeeNumber();
    List<String> paths = new ArrayList<>();
    for (String code : c.sections()) {
      paths.add("/" + sectionGroup(code).getName());
    }
    try {
      accounts.createWithoutCredential(c.staff(), username, paths); // one request per joiner
    } catch (KeycloakException e) {
      if (e.status() != 409) {
        throw e;
      }
      // created by a run that was cut off before it was recorded: complete its groups
      Optional<IdpAccount> existing = accounts.findByUsername(username);
      if (existing.isEmpty()) {
        throw e;
      }
      for (String code : c.sections()) {
        realm().users().get(existing.get().id()).joinGroup(sectionGroup(code).getId());
      }
    }
    return Optional.empty();
  }

  private void stop(String userId, AccountState state, StopReason reason, LocalDate today) {
    UserRepresentation user = realm().users().get(userId).toRepresentation();
    Map<String, List<String>> attributes = attributes(user);
    attributes.put(STATE, List.of(state.name()));
    attributes.put(STOP_REASON, List.of(reason.name()));
    attributes.put(STATE_SINCE, List.of(today.toString()));
    user.setAttributes(attributes);
    user.setEnabled(false);
    realm().users().get(userId).update(user);
    realm().users().get(userId).logout(); // revoke every session at once
  }

  private Map<String, GroupRepresentation> sectionGroups() {
    Map<String, GroupRepresentation> groups = new HashMap<>();
    for (int first = 0; ; first += PAGE) {
      List<GroupRepresentation> page =
          realm().groups().groups(SECTION_GROUP_PREFIX, first, PAGE, true);
      page.stream()
          .filter(g -> g.getName().startsWith(SECTION_GROUP_PREFIX))
          .forEach(g -> groups.put(g.getName(), g));
      if (page.size() < PAGE) {
        return groups;
      }
    }
  }

  /** Section groups seen so far; groups are never renamed, so a cached ID stays right. */
  private final Map<String, GroupRepresentation> groupCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  private volatile boolean groupCacheLoaded;

  private GroupRepresentation sectionGroup(String code) {
    String name = SECTION_GROUP_PREFIX + code;
    GroupRepresentation cached = groupCache.get(name);
    if (cached != null) {
      return cached;
    }
    if (!groupCacheLoaded) {
      groupCache.putAll(sectionGroups()); // one listing per target, not one per new section
      groupCacheLoaded = true;
      GroupRepresentation existing = groupCache.get(name);
      if (existing != null) {
        return existing;
      }
    }
    GroupRepresentation group = new GroupRepresentation();
    group.setName(name);
    try (Response response = realm().groups().add(group)) {
      if (response.getStatus() == 201) {
        group.setId(CreatedResponseUtil.getCreatedId(response));
        groupCache.put(name, group);
        return group;
      }
    }
    GroupRepresentation raced = sectionGroups().get(name); // created meanwhile by another run
    if (raced == null) {
      throw new KeycloakException("Keycloak did not create group " + name, 0, null);
    }
    groupCache.put(name, raced);
    return raced;
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  private static Map<String, List<String>> attributes(UserRepresentation user) {
    return user.getAttributes() == null ? new HashMap<>() : new HashMap<>(user.getAttributes());
  }

  static TargetAccount toAccount(UserRepresentation user, Set<String> sections) {
    Map<String, List<String>> attributes = attributes(user);
    boolean enabled = Boolean.TRUE.equals(user.isEnabled());
    AccountState state =
        enabled
            ? AccountState.ENABLED
            : first(attributes, STATE).map(AccountState::valueOf).orElse(AccountState.DISABLED);
    Optional<StopReason> reason =
        enabled
            ? Optional.empty()
            : Optional.of(
                first(attributes, STOP_REASON)
                    .map(StopReason::valueOf)
                    .orElse(StopReason.ADMINISTRATIVE));
    String fullName =
        ((user.getLastName() == null ? "" : user.getLastName())
                + " "
                + (user.getFirstName() == null ? "" : user.getFirstName()))
            .strip();
    return new TargetAccount(
        Target.IDENTITY_PROVIDER,
        user.getId(),
        first(attributes, "employeeNumber").orElse(""),
        user.getUsername(),
        fullName,
        sections,
        state,
        reason,
        first(attributes, STATE_SINCE).map(LocalDate::parse),
        Optional.ofNullable(user.getCreatedTimestamp()).map(Instant::ofEpochMilli),
        // Last login is not read here: scanning the realm's LOGIN events on every run does not
        // scale
        // to 40,000 staff. It is to come from the event ingestion of the audit log (issue 7); until
        // then no account is judged dormant from Keycloak (the planner needs a known last login).
        Optional.empty(),
        first(attributes, KIND).map(AccountKind::valueOf).orElse(AccountKind.PERSONAL),
        first(attributes, END_DATE).map(LocalDate::parse),
        Optional.empty(),
        Map.of(),
        SuspendedTiers.read(attributes));
  }

  private static Optional<String> first(Map<String, List<String>> attributes, String name) {
    List<String> values = attributes.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
