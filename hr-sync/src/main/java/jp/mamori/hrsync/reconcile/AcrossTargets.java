package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;

/**
 * A run's work on its targets side by side: the directory and Keycloak are independent systems, so
 * a run reads both at once and applies to both at once, each target on its own thread, and waits
 * for all of them. A target that fails stops only its own work; the others finish theirs, and the
 * run reports what each really did.
 */
public final class AcrossTargets {

  private AcrossTargets() {}

  /**
   * Runs {@code work} for every item at once and returns the results in the items' order. If any
   * fails, the first failure in the items' order is thrown once all have ended (the others are
   * attached as suppressed), so that no caller concludes anything from a partial read.
   */
  public static <T, R> List<R> each(List<T> items, Function<? super T, ? extends R> work) {
    if (items.size() == 1) {
      return List.of(work.apply(items.getFirst()));
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(threads.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>();
      Throwable failure = null;
      for (Future<R> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(f -> f.cancel(true));
          throw new IllegalStateException(
              "interrupted while waiting for " + items.size() + " targets", e);
        }
      }
      switch (failure) {
        case null -> {
          return results;
        }
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException(failure.getMessage(), failure);
      }
    }
  }

  /** Told of each batch a target applied, from that target's thread. */
  public interface Journal {
    /** The actions of one batch that took effect. */
    void applied(Target target, List<PlannedAction> actions);

    /** The action a target stopped at, and why; the target's later actions wait for next run. */
    void failed(Target target, PlannedAction action, RuntimeException cause);
  }

  /** What one target did: the actions applied, and where it stopped if it did not finish. */
  public record Outcome(Target target, int applied, Optional<Stop> stop) {}

  /** The action a target stopped at, and the error it stopped with. */
  public record Stop(PlannedAction action, RuntimeException cause) {}

  /**
   * Applies each target's actions in batches of {@code batch}, all targets at once, telling the
   * journal after every batch. A target stops at its first failure; the others go on.
   *
   * @return one outcome per target, in the map's order
   */
  public static List<Outcome> apply(
      Map<ReconcileTarget, List<PlannedAction>> work, int batch, LocalDate today, Journal journal) {
    return each(
        List.copyOf(work.entrySet()),
        entry -> applyOne(entry.getKey(), entry.getValue(), batch, today, journal));
  }

  private static Outcome applyOne(
      ReconcileTarget target,
      List<PlannedAction> actions,
      int batch,
      LocalDate today,
      Journal journal) {
    int applied = 0;
    for (int from = 0; from < actions.size(); from += batch) {
      List<PlannedAction> chunk = actions.subList(from, Math.min(actions.size(), from + batch));
      List<PlannedAction> appliedNow;
      try {
        appliedNow = target.applyAll(chunk, today);
      } catch (PartiallyApplied e) {
        journal.applied(target.target(), e.applied());
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
        journal.failed(target.target(), e.failed(), cause);
        return new Outcome(
            target.target(),
            applied + e.applied().size(),
            Optional.of(new Stop(e.failed(), cause)));
      } catch (RuntimeException e) {
        journal.failed(target.target(), chunk.getFirst(), e);
        return new Outcome(target.target(), applied, Optional.of(new Stop(chunk.getFirst(), e)));
      }
      journal.applied(target.target(), appliedNow);
      applied += appliedNow.size();
    }
    return new Outcome(target.target(), applied, Optional.empty());
  }
}
