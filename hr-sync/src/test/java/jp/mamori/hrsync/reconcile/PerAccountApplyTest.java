package jp.mamori.hrsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import org.junit.jupiter.api.Test;

/**
 * Applying several accounts at a time: an ordinary failure stops only its account, a failure of the
 * target itself stops the batch, so that a hung server costs one timeout per request in flight
 * rather than one per planned change (LC-1).
 */
class PerAccountApplyTest {

  private static final int ACCOUNTS = 200;
  private static final int PARALLELISM = 4;

  /** A failure that says the target as a whole is unusable (a server gone, a bind refused). */
  private static final class TargetDown extends RuntimeException {
    TargetDown() {
      super("target down (simulated)");
    }
  }

  /** LC-1: a server that stops answering stops the batch after the requests in flight. */
  @Test
  void runWhenAFailureStopsAllThenOnlyTheRequestsInFlightAreTried() {
    List<PlannedAction> actions = actions();
    AtomicInteger tried = new AtomicInteger();
    PerAccountApply run = new PerAccountApply();

    run.run(
        PerAccountApply.byAccount(actions),
        PARALLELISM,
        a -> {
          tried.incrementAndGet();
          throw new TargetDown();
        },
        e -> e instanceof TargetDown);

    assertThat(tried.get()).isBetween(1, PARALLELISM);
    assertThat(run.notTried(actions)).isEqualTo(ACCOUNTS - tried.get());
    assertThatThrownBy(() -> run.finish(actions, new ArrayList<>()))
        .isInstanceOfSatisfying(
            PartiallyApplied.class,
            e -> {
              assertThat(e.applied()).isEmpty();
              assertThat(e.getCause()).isInstanceOf(TargetDown.class);
            });
  }

  /** LC-1: a change refused for its own account stops that account only; the others are made. */
  @Test
  void runWhenAnOrdinaryFailureThenTheOtherAccountsAreApplied() {
    List<PlannedAction> actions = actions();
    PerAccountApply run = new PerAccountApply();

    run.run(
        PerAccountApply.byAccount(actions),
        PARALLELISM,
        a -> {
          if (a.employeeNumber().equals("90007")) {
            throw new IllegalStateException("this entry is refused (simulated)");
          }
        },
        e -> e instanceof TargetDown);

    List<PlannedAction> applied = new ArrayList<>();
    assertThatThrownBy(() -> run.finish(actions, applied))
        .isInstanceOfSatisfying(
            PartiallyApplied.class,
            e -> assertThat(e.failed().employeeNumber()).isEqualTo("90007"));
    assertThat(applied).hasSize(ACCOUNTS - 1);
    assertThat(run.notTried(actions)).isZero();
  }

  /**
   * LC-1: batches (one request each, wholly or not at all) stop like accounts: after a failure of
   * the target no further batch is sent, a failed batch is failed as a whole, and the exception
   * names the first failed action and every action not tried.
   */
  @Test
  void runBatchesWhenAFailureStopsAllThenNoFurtherBatchIsSentAndTheRestIsNotTried() {
    List<PlannedAction> actions = actions();
    List<List<PlannedAction>> batches = new ArrayList<>();
    for (int from = 0; from < ACCOUNTS; from += 10) {
      batches.add(actions.subList(from, from + 10));
    }
    AtomicInteger sent = new AtomicInteger();
    PerAccountApply run = new PerAccountApply(e -> e instanceof TargetDown);

    run.runBatches(
        batches,
        3,
        batch -> {
          if (sent.incrementAndGet() > 1) {
            throw new TargetDown();
          }
        });

    assertThat(run.stopped()).isTrue();
    assertThat(sent.get()).isBetween(2, 1 + 3);
    int failedBatches = sent.get() - 1;
    assertThat(run.notTried(actions)).isEqualTo(ACCOUNTS - 10 * sent.get());
    List<PlannedAction> applied = new ArrayList<>();
    assertThatThrownBy(() -> run.finish(actions, applied))
        .isInstanceOfSatisfying(
            PartiallyApplied.class,
            e -> {
              assertThat(e.applied()).hasSize(10);
              assertThat(e.notTried()).hasSize(ACCOUNTS - 10 - 10 * failedBatches);
              assertThat(e.notTried()).doesNotContainAnyElementsOf(e.applied());
              assertThat(e.getMessage())
                  .contains(e.notTried().size() + " further changes not tried");
            });
  }

  /** A failure recorded by other means (a bulk request) stops later runs on the same apply. */
  @Test
  void runWhenAnEarlierBulkRequestFailedForTheTargetThenNothingMoreIsTried() {
    List<PlannedAction> actions = actions();
    AtomicInteger tried = new AtomicInteger();
    PerAccountApply run = new PerAccountApply(e -> e instanceof TargetDown);

    run.failed(actions.getFirst(), new TargetDown());
    run.run(
        PerAccountApply.byAccount(actions.subList(1, ACCOUNTS)),
        PARALLELISM,
        a -> tried.incrementAndGet());

    assertThat(tried.get()).isZero();
    assertThatThrownBy(() -> run.finish(actions, new ArrayList<>()))
        .isInstanceOfSatisfying(
            PartiallyApplied.class,
            e -> {
              assertThat(e.failed()).isEqualTo(actions.getFirst());
              assertThat(e.notTried()).isEqualTo(actions.subList(1, ACCOUNTS));
            });
  }

  /** Without a failure of the target, nothing is left untried and the exception says none. */
  @Test
  void finishWhenOnlyOrdinaryFailuresThenNoneNotTried() {
    List<PlannedAction> actions = actions();
    PerAccountApply run = new PerAccountApply(e -> e instanceof TargetDown);
    run.run(
        PerAccountApply.byAccount(actions),
        PARALLELISM,
        a -> {
          throw new IllegalStateException("refused (simulated)");
        });

    assertThat(run.stopped()).isFalse();
    assertThatThrownBy(() -> run.finish(actions, new ArrayList<>()))
        .isInstanceOfSatisfying(
            PartiallyApplied.class,
            e -> {
              assertThat(e.notTried()).isEmpty();
              assertThat(e.getMessage()).doesNotContain("not tried");
            });
  }

  private static List<PlannedAction> actions() {
    List<PlannedAction> actions = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      String number = Integer.toString(90000 + i);
      actions.add(
          new PlannedAction.Report(
              Target.DIRECTORY,
              number,
              "uid=" + number,
              Situation.LINKED,
              Reason.of("試験", "test", "LC-1")));
    }
    return actions;
  }
}
