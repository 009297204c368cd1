package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import jp.mamori.hrsync.reconcile.PerAccountApply;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch of planned actions as few, parallel requests to Keycloak: {@link
 * KeycloakTarget#applyAll}. Consecutive joiners are imported in batches, section moves go in bulk
 * through Mamori's provider when it is there, everything else is applied one request sequence per
 * account, several accounts at once ({@link PerAccountApply}).
 *
 * <p>A failure of the server itself ({@link KeycloakException#serverFailure()}: unreachable, no
 * answer within the read timeout, 502/503/504 from a proxy, the admin token refused) stops the
 * batch: the requests in flight end, no new one is sent, and the rest waits for the next run, which
 * plans it again. On a hung Keycloak that costs one read timeout, not one per planned change. Any
 * other failure stops its own account (or its import batch) and, as before, the actions after the
 * run of joiners or of other changes it belongs to.
 */
final class KeycloakApply {

  private static final Logger log = LoggerFactory.getLogger(KeycloakApply.class);

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
  static final int IMPORT_PARALLELISM = 3;

  /**
   * Joiners per request through Mamori's provider, whose import runs in Keycloak's batch mode (no
   * flush per user): there a larger request is cheaper per user, unlike the partial import. 20,000
   * users with attributes and a group into a fresh realm (2 cores, JIT warm): 25 per request, 3 at
   * once 4,170 users/s; 100 × 3 8,055; 250 × 3 7,662; 500 × 2 9,843; 250 × 2 10,098.
   */
  static final int PROVIDER_IMPORT_BATCH = 250;

  /** Provider import requests in flight at once (see {@link #PROVIDER_IMPORT_BATCH}). */
  static final int PROVIDER_IMPORT_PARALLELISM = 2;

  /**
   * Accounts whose actions are applied at once (each account's own actions stay in order): a
   * transfer is three requests (join, leave, end sessions), about 20 ms one after the other here, 8
   * ms per transfer with four accounts at once — it matters on 1 April. Also the most changes whose
   * outcome is unknown when Keycloak goes away mid-batch (sent, not confirmed; the next run finds
   * them done or makes them).
   */
  static final int APPLY_PARALLELISM = 4;

  /**
   * Section moves per request to the provider (one Keycloak transaction each). 400 moves in a
   * 40,000-user realm (ProvisioningBench, 2026-12-03, see bench/README.md): 25 per request, 3 at
   * once 0.39-0.57 s; 100 per request, 2 at once 0.27-0.46 s; 200 per request 0.23-0.38 s, within
   * the same noise. A failed request is retried as a whole by the next run, so the smaller size.
   */
  static final int MOVE_BATCH = 100;

  /** Move requests in flight at once. */
  static final int MOVE_PARALLELISM = 2;

  private final Keycloak admin;
  private final String realmName;
  private final Supplier<Optional<MamoriProviderApi>> provider;
  private final boolean federated;
  private final SectionGroups groups;
  private final KeycloakChanges changes;

  /**
   * @param provider Mamori's provider on the server, if there and allowed
   * @param federated whether joiners are federated users (linked one by one, never imported)
   */
  KeycloakApply(
      Keycloak admin,
      String realmName,
      Supplier<Optional<MamoriProviderApi>> provider,
      boolean federated,
      SectionGroups groups,
      KeycloakChanges changes) {
    this.admin = admin;
    this.realmName = realmName;
    this.provider = provider;
    this.federated = federated;
    this.groups = groups;
    this.changes = changes;
  }

  /** Requests in flight at once for an onboarding, with or without the provider. */
  int importParallelism() {
    return provider.get().isPresent() ? PROVIDER_IMPORT_PARALLELISM : IMPORT_PARALLELISM;
  }

  /** Joiners per request, with or without the provider. */
  int importBatch() {
    return provider.get().isPresent() ? PROVIDER_IMPORT_BATCH : IMPORT_BATCH;
  }

  /**
   * Applies the actions in order: each run of consecutive joiners through an import ({@link
   * #importBatch()} accounts per request, {@link #importParallelism()} requests at once, existing
   * ones skipped, so a repeated batch is harmless), each run of other actions per account. A run
   * with a failure ends the batch; a failure of the server ends it at once.
   *
   * @throws PartiallyApplied with what took effect, the first failure in the plan's order, and the
   *     actions not tried
   */
  List<PlannedAction> applyAll(List<PlannedAction> actions, LocalDate today) {
    PerAccountApply run = new PerAccountApply(KeycloakFailures::stopsBatch);
    for (List<PlannedAction> segment : segments(actions)) {
      if (run.anyFailed()) {
        break; // the rest is not tried: the next run plans it again
      }
      if (segment.getFirst() instanceof PlannedAction.Create && !federated) {
        importJoiners(segment.stream().map(PlannedAction.Create.class::cast).toList(), run);
      } else {
        applyEach(segment, today, run);
      }
    }
    if (run.stopped()) {
      log.warn(
          "Keycloak (realm {}) stopped answering or refused Mamori's administrative account: {} of"
              + " {} changes not tried, left for the next run",
          realmName,
          run.notTried(actions),
          actions.size());
    }
    List<PlannedAction> applied = new ArrayList<>();
    run.finish(actions, applied);
    return applied;
  }

  /** The plan cut into runs of consecutive joiners to import and runs of other actions. */
  private List<List<PlannedAction>> segments(List<PlannedAction> actions) {
    List<List<PlannedAction>> segments = new ArrayList<>();
    Boolean importing = null;
    for (PlannedAction action : actions) {
      boolean imported = action instanceof PlannedAction.Create && !federated;
      if (importing == null || importing != imported) {
        segments.add(new ArrayList<>());
        importing = imported;
      }
      segments.getLast().add(action);
    }
    return segments;
  }

  /**
   * Applies actions one request sequence per account, {@link #APPLY_PARALLELISM} accounts at a
   * time; actions of one account keep their order. Section moves alone on their account go in bulk
   * through the provider when it is there.
   */
  private void applyEach(List<PlannedAction> actions, LocalDate today, PerAccountApply run) {
    Map<String, List<PlannedAction>> byAccount = PerAccountApply.byAccount(actions);
    Optional<MamoriProviderApi> api = provider.get();
    if (api.isPresent()) {
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
      moveInBulk(api.get(), moves, run);
    }
    run.run(byAccount, APPLY_PARALLELISM, action -> changes.apply(action, today));
  }

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
    try (ExecutorService requests =
        Executors.newFixedThreadPool(Math.min(MOVE_PARALLELISM, batches.size()))) {
      for (List<PlannedAction.ChangeSections> batch : batches) {
        requests.submit(() -> {
          if (!run.stopped()) {
            moveBatch(api, batch, run);
          }
        });
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
    String prefix = KeycloakTarget.SECTION_GROUP_PREFIX;
    for (PlannedAction.ChangeSections c : batch) {
      request.add(
          new MamoriProviderApi.Move(
              c.accountId(),
              c.add().stream().sorted().map(code -> prefix + code).toList(),
              c.remove().stream().sorted().map(code -> prefix + code).toList(),
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
          KeycloakFailures.noAnswer("during " + batch.size() + " section moves", e);
      batch.forEach(c -> run.failed(c, failure));
    } catch (RuntimeException e) {
      batch.forEach(c -> run.failed(c, e));
    }
  }

  /**
   * Imports joiners in batches, several requests at once. Each request takes effect wholly or not
   * at all, so the batches that succeeded are applied even when another failed; after a failure of
   * the server no further batch is sent.
   */
  private void importJoiners(List<PlannedAction.Create> joiners, PerAccountApply run) {
    try {
      for (PlannedAction.Create c : joiners) {
        c.sections().forEach(groups::of); // groups exist before any request names them
      }
    } catch (RuntimeException e) {
      KeycloakException failure =
          switch (e) {
            case KeycloakException k -> k;
            case WebApplicationException w ->
                KeycloakException.refused(realmName, "list or create the section groups", w);
            case ProcessingException p ->
                KeycloakException.unreachable(realmName, "list or create the section groups", p);
            default -> throw e;
          };
      run.failed(joiners.getFirst(), failure); // no import sent: the others are not tried
      return;
    }
    int size = importBatch();
    List<List<PlannedAction.Create>> batches = new ArrayList<>();
    for (int from = 0; from < joiners.size(); from += size) {
      batches.add(List.copyOf(joiners.subList(from, Math.min(joiners.size(), from + size))));
    }
    run.runBatches(
        batches,
        importParallelism(),
        batch -> {
          try {
            importBatch(batch.stream().map(PlannedAction.Create.class::cast).toList());
          } catch (KeycloakException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new KeycloakException("Keycloak partial import failed: " + e.getMessage(), 0, e);
          }
        });
  }

  /** One import request for a batch of joiners (existing usernames are skipped). */
  private void importBatch(List<PlannedAction.Create> batch) {
    List<UserRepresentation> users = new ArrayList<>(batch.size());
    for (PlannedAction.Create c : batch) {
      List<String> paths = new ArrayList<>();
      for (String code : c.sections()) {
        paths.add("/" + groups.of(code).getName());
      }
      UserRepresentation user = KeycloakAccounts.representation(c.staff(), c.employeeNumber());
      user.setGroups(paths);
      users.add(user);
    }
    Optional<MamoriProviderApi> api = provider.get();
    if (api.isPresent()) {
      try {
        api.get().importUsers(realmName, users);
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
        throw KeycloakFailures.noAnswer("during an import of " + users.size() + " users", e);
      }
    }
    PartialImportRepresentation request = new PartialImportRepresentation();
    request.setIfResourceExists("SKIP");
    request.setUsers(users);
    try (Response response = admin.realm(realmName).partialImport(request)) {
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
      throw KeycloakFailures.noAnswer("during a partial import of " + users.size() + " users", e);
    }
  }
}
