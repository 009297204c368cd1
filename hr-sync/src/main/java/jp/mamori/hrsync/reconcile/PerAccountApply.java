package jp.mamori.hrsync.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class PerAccountApply {

  private final Set<PlannedAction> done = ConcurrentHashMap.newKeySet();
  private final Map<PlannedAction, RuntimeException> failures = new ConcurrentHashMap<>();

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

  /** Records an action that failed by other means. */
  public void failed(PlannedAction action, RuntimeException failure) {
    failures.put(action, failure);
  }

  /** Applies the sequences of each account, {@code parallelism} accounts at once. */
  public void run(
      Map<String, List<PlannedAction>> byAccount, int parallelism, Consumer<PlannedAction> apply) {
    run(byAccount, parallelism, apply, e -> false);
  }

  /**
   * As {@link #run(Map, int, Consumer)}, and stops taking new actions once a failure says the
   * target itself is unusable ({@code stopsAll}: unreachable, not answering, refusing the bind):
   * the actions in flight end, the others are neither applied nor failed and wait for the next run.
   * Without this, a target that hangs costs one timeout per remaining action.
   */
  public void run(
      Map<String, List<PlannedAction>> byAccount,
      int parallelism,
      Consumer<PlannedAction> apply,
      Predicate<RuntimeException> stopsAll) {
    if (byAccount.isEmpty()) {
      return;
    }
    AtomicBoolean stopped = new AtomicBoolean();
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

  /** How many actions were neither applied nor failed (not tried after a stop). */
  public int notTried(List<PlannedAction> actions) {
    return (int)
        actions.stream().filter(a -> !done.contains(a) && !failures.containsKey(a)).count();
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
   * @throws PartiallyApplied naming the first failed action in the plan's order, if any failed
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
      throw new PartiallyApplied(applied, firstFailed, failures.get(firstFailed));
    }
  }
}
