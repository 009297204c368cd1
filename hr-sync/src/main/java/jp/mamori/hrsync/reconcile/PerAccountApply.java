package jp.mamori.hrsync.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;

/**
 * Applies actions several accounts at a time while each account's own actions keep their order;
 * what an adapter's {@link ReconcileTarget#applyAll} uses when its requests are independent per
 * account. Every action that succeeded is reported as applied; the first failure in the plan's
 * order is the failure, and a failed account's later actions wait for the next run.
 *
 * <p>A failure that says the target itself is unusable (the {@code stopsAll} predicate: its server
 * unreachable, not answering, refusing Mamori's credentials) stops the whole apply: the requests in
 * flight end, no new one is sent — in this {@link #run} and in any later {@link #run} or {@link
 * #runBatches} on the same instance — and the actions left are neither applied nor failed but
 * {@linkplain #notTried not tried}. Without this, a target that hangs costs one timeout per
 * remaining action.
 */
public final class PerAccountApply {

  private final Set<PlannedAction> done = ConcurrentHashMap.newKeySet();
  private final Map<PlannedAction, RuntimeException> failures = new ConcurrentHashMap<>();
  private final Predicate<RuntimeException> stopsAll;
  private final AtomicBoolean stopped = new AtomicBoolean();

  /** An apply that no failure stops as a whole (each failure stops its account only). */
  public PerAccountApply() {
    this(e -> false);
  }

  /**
   * @param stopsAll whether a failure is the target's own rather than one account's: the first such
   *     failure stops the apply
   */
  public PerAccountApply(Predicate<RuntimeException> stopsAll) {
    this.stopsAll = Objects.requireNonNull(stopsAll, "stopsAll");
  }

  /** The account an action changes (a joiner, not yet created, by its employee number). */
  public static String accountOf(PlannedAction action) {
    return switch (action) {
      case PlannedAction.Create c -> "create:" + c.employeeNumber();
      case PlannedAction.ChangeSections c -> c.accountId();
      case PlannedAction.Rename r -> r.accountId();
      case PlannedAction.UpdateProfile u -> u.accountId();
      case PlannedAction.Suspend x -> x.accountId();
      case PlannedAction.RestrictTiers t -> t.accountId();
      case PlannedAction.Disable d -> d.accountId();
      case PlannedAction.Restore r -> r.accountId();
      case PlannedAction.Delete d -> d.accountId();
      case PlannedAction.Report r -> r.accountId();
    };
  }

  /** Records an action applied by other means (e.g. a bulk request). */
  public void applied(PlannedAction action) {
    done.add(action);
  }

  /**
   * Records an action that failed by other means; a failure the {@code stopsAll} predicate of the
   * constructor names stops the apply.
   */
  public void failed(PlannedAction action, RuntimeException failure) {
    failures.put(action, failure);
    if (stopsAll.test(failure)) {
      stopped.set(true);
    }
  }

  /** Whether a failure of the target itself stopped the apply. */
  public boolean stopped() {
    return stopped.get();
  }

  /** Whether any action failed (of the target or of its account). */
  public boolean anyFailed() {
    return !failures.isEmpty();
  }

  /**
   * Applies the sequences of each account, {@code parallelism} accounts at once, stopping at a
   * failure that the constructor's {@code stopsAll} names.
   */
  public void run(
      Map<String, List<PlannedAction>> byAccount, int parallelism, Consumer<PlannedAction> apply) {
    run(byAccount, parallelism, apply, stopsAll);
  }

  /**
   * As {@link #run(Map, int, Consumer)}, stopping at a failure that {@code stopsAll} names (instead
   * of the constructor's).
   */
  public void run(
      Map<String, List<PlannedAction>> byAccount,
      int parallelism,
      Consumer<PlannedAction> apply,
      Predicate<RuntimeException> stopsAll) {
    if (byAccount.isEmpty() || stopped.get()) {
      return;
    }
    try (ExecutorService requests =
        Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, byAccount.size())))) {
      for (List<PlannedAction> sequence : byAccount.values()) {
        requests.submit(() -> {
          for (PlannedAction action : sequence) {
            if (stopped.get()) {
              return;
            }
            try {
              apply.accept(action);
              done.add(action);
            } catch (RuntimeException e) {
              failures.put(action, e);
              if (stopsAll.test(e)) {
                stopped.set(true);
              }
              return;
            }
          }
        });
      }
    }
  }

  /**
   * Applies batches of actions, {@code parallelism} batches at once, each batch one request that
   * takes effect wholly or not at all: a batch that succeeded is applied, one that failed is failed
   * as a whole. Stops taking new batches at a failure that the constructor's {@code stopsAll}
   * names.
   */
  public void runBatches(
      List<? extends List<? extends PlannedAction>> batches,
      int parallelism,
      Consumer<List<? extends PlannedAction>> apply) {
    if (batches.isEmpty() || stopped.get()) {
      return;
    }
    try (ExecutorService requests =
        Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, batches.size())))) {
      for (List<? extends PlannedAction> batch : batches) {
        requests.submit(() -> {
          if (stopped.get()) {
            return;
          }
          try {
            apply.accept(batch);
            done.addAll(batch);
          } catch (RuntimeException e) {
            batch.forEach(a -> failed(a, e));
          }
        });
      }
    }
  }

  /** How many actions were neither applied nor failed (not tried after a stop). */
  public int notTried(List<PlannedAction> actions) {
    return notTriedOf(actions).size();
  }

  private List<PlannedAction> notTriedOf(List<PlannedAction> actions) {
    return actions.stream().filter(a -> !done.contains(a) && !failures.containsKey(a)).toList();
  }

  /** The actions grouped by account, in the plan's order. */
  public static Map<String, List<PlannedAction>> byAccount(List<PlannedAction> actions) {
    Map<String, List<PlannedAction>> byAccount = new LinkedHashMap<>();
    for (PlannedAction action : actions) {
      byAccount.computeIfAbsent(accountOf(action), k -> new ArrayList<>()).add(action);
    }
    return byAccount;
  }

  /**
   * Adds the applied actions to {@code applied} in the plan's order.
   *
   * @throws PartiallyApplied naming the first failed action in the plan's order, if any failed, and
   *     the actions not tried
   */
  public void finish(List<PlannedAction> actions, List<PlannedAction> applied) {
    PlannedAction firstFailed = null;
    for (PlannedAction action : actions) {
      if (done.contains(action)) {
        applied.add(action);
      } else if (firstFailed == null && failures.containsKey(action)) {
        firstFailed = action;
      }
    }
    if (firstFailed != null) {
      throw new PartiallyApplied(
          applied, firstFailed, failures.get(firstFailed), notTriedOf(actions));
    }
  }
}
