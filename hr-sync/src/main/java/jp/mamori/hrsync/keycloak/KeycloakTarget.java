package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.IncrementalSource;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.hrsync.sync.TemporaryPassword;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  public static final Duration DEFAULT_IN_FLIGHT_ALLOWANCE = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(KeycloakTarget.class);

  private final Keycloak admin;
  private final String realmName;
  private final boolean mayUseProvider;
  private final Duration inFlightAllowance;
  private final SectionGroups groups;
  private final KeycloakChanges changes;
  private final KeycloakApply batches;

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
      Keycloak admin, String realmName, boolean mayUseProvider, Duration inFlightAllowance) {
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
      Duration inFlightAllowance,
      boolean federated) {
    this.admin = admin;
    this.realmName = realmName;
    this.mayUseProvider = mayUseProvider;
    this.inFlightAllowance = inFlightAllowance;
    this.provider = mayUseProvider ? null : Optional.empty();
    this.groups = new SectionGroups(admin, realmName);
    this.changes = new KeycloakChanges(admin, realmName, groups, federated);
    this.batches = new KeycloakApply(admin, realmName, this::provider, federated, groups, changes);
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
      Set<String> sections = new HashSet<>();
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
    try (ExecutorService requests = Executors.newFixedThreadPool(READ_PARALLELISM)) {
      Map<String, Set<String>> sections = new ConcurrentHashMap<>();
      List<Future<?>> reads = new ArrayList<>();
      for (GroupRepresentation group : groups.all().values()) {
        reads.add(
            requests.submit(() -> {
              String code = group.getName().substring(SECTION_GROUP_PREFIX.length());
              for (int first = 0; ; first += PAGE) {
                List<UserRepresentation> members =
                    realm().groups().group(group.getId()).members(first, PAGE, true);
                members.forEach(u ->
                    sections
                        .computeIfAbsent(u.getId(), k -> ConcurrentHashMap.newKeySet())
                        .add(code));
                if (members.size() < PAGE) {
                  return null;
                }
              }
            }));
      }
      int count = realm().users().count();
      int pages = (count + PAGE - 1) / PAGE;
      List<Future<List<UserRepresentation>>> pageReads = new ArrayList<>();
      for (int page = 0; page < pages; page++) {
        int first = page * PAGE;
        pageReads.add(requests.submit(() -> realm().users().list(first, PAGE)));
      }
      Map<String, UserRepresentation> users = new LinkedHashMap<>();
      boolean shortPage = pages == 0;
      for (Future<List<UserRepresentation>> read : pageReads) {
        List<UserRepresentation> page = await(read);
        page.forEach(u -> users.putIfAbsent(u.getId(), u));
        shortPage = page.size() < PAGE;
      }
      for (int first = pages * PAGE; !shortPage; first += PAGE) {
        List<UserRepresentation> page = realm().users().list(first, PAGE);
        page.forEach(u -> users.putIfAbsent(u.getId(), u));
        shortPage = page.size() < PAGE;
      }
      for (Future<?> read : reads) {
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
  private static <T> T await(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
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
    return changes.apply(action, today);
  }

  /**
   * Partial-import requests in flight at once without the provider (see {@link
   * KeycloakApply#IMPORT_PARALLELISM} for the measurements).
   */
  public static final int IMPORT_PARALLELISM = KeycloakApply.IMPORT_PARALLELISM;

  /** Provider import requests in flight at once (see {@link KeycloakApply}). */
  public static final int PROVIDER_IMPORT_PARALLELISM = KeycloakApply.PROVIDER_IMPORT_PARALLELISM;

  /**
   * Accounts whose actions are applied at once: also the most per-account changes whose outcome is
   * unknown when Keycloak goes away mid-batch (sent, not confirmed).
   */
  public static final int APPLY_PARALLELISM = KeycloakApply.APPLY_PARALLELISM;

  /** Requests in flight at once for an onboarding, with or without the provider. */
  public int importParallelism() {
    return batches.importParallelism();
  }

  /** Joiners per request, with or without the provider. */
  int importBatch() {
    return batches.importBatch();
  }

  /**
   * Applies the actions in order, consecutive joiners through the realm's partial-import endpoint
   * (or Mamori's provider: {@link #importBatch()} accounts per request, {@link
   * #importParallelism()} requests at once, existing ones skipped, so a repeated batch is
   * harmless); everything else one request sequence per account, {@link #APPLY_PARALLELISM}
   * accounts at once. Joiners are created without a credential: their temporary password is issued
   * and handed over through the issuance procedure, which records who handed it to whom (PW-4).
   *
   * <p>A failure of Keycloak itself ({@link KeycloakException#serverFailure()}: unreachable, not
   * answering within the admin client's read timeout, 502/503/504, the admin token refused) stops
   * the batch: the requests in flight end, no new one is sent, and {@link PartiallyApplied} names
   * what took effect, the first failure and the changes {@linkplain PartiallyApplied#notTried() not
   * tried}, which the next run plans again.
   */
  @Override
  public List<PlannedAction> applyAll(List<PlannedAction> actions, LocalDate today) {
    return batches.applyAll(actions, today);
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  static TargetAccount toAccount(UserRepresentation user, Set<String> sections) {
    Map<String, List<String>> attributes = KeycloakChanges.attributes(user);
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
