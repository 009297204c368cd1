package jp.mamori.hrsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.Test;

class AcrossTargetsTest {

  private static final LocalDate TODAY = LocalDate.of(2027, 4, 1);

  @Test
  void eachWhenTwoTargetsThenBothWorkAtTheSameTimeAndResultsKeepTheTargetsOrder() {
    CountDownLatch bothStarted = new CountDownLatch(2);

    List<String> results =
        AcrossTargets.each(
            List.of("directory", "keycloak"),
            name -> {
              bothStarted.countDown();
              try { // one after the other, the first would wait here in vain
                return bothStarted.await(Poll.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    ? name
                    : "alone";
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(results).containsExactly("directory", "keycloak");
  }

  @Test
  void eachWhenOneFailsThenItsErrorIsThrownOnlyAfterTheOtherEnded() {
    List<String> ended = new CopyOnWriteArrayList<>();
    AtomicReference<Thread> directoryThread = new AtomicReference<>();

    assertThatThrownBy(() ->
            AcrossTargets.each(
                List.of("directory", "keycloak"),
                name -> {
                  if (name.equals("directory")) {
                    directoryThread.set(Thread.currentThread());
                    throw new IllegalStateException("LDAP unreachable (simulated)");
                  }
                  // still at work when the other has failed: its thread ends with the error
                  Poll.until(
                      "the directory's work to have ended with its error",
                      () -> directoryThread.get() != null && !directoryThread.get().isAlive());
                  ended.add(name);
                  return name;
                }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LDAP unreachable (simulated)");
    assertThat(ended).containsExactly("keycloak");
  }

  @Test
  void applyWhenOneTargetGoesDownThenOnlyItStopsAndTheJournalHasExactlyWhatTookEffect() {
    Counting directory = new Counting(Target.DIRECTORY, 7);
    Counting keycloak = new Counting(Target.IDENTITY_PROVIDER, -1);
    Map<ReconcileTarget, List<PlannedAction>> work = new LinkedHashMap<>();
    work.put(directory, restores(Target.DIRECTORY, 12));
    work.put(keycloak, restores(Target.IDENTITY_PROVIDER, 12));
    List<String> journalled = new CopyOnWriteArrayList<>();
    List<String> failed = new CopyOnWriteArrayList<>();

    List<AcrossTargets.Outcome> outcomes =
        AcrossTargets.apply(
            work,
            5,
            TODAY,
            new AcrossTargets.Journal() {
              @Override
              public void applied(Target target, List<PlannedAction> actions) {
                actions.forEach(a -> journalled.add(a.canonical()));
              }

              @Override
              public void failed(Target target, PlannedAction action, RuntimeException cause) {
                failed.add(action.canonical() + " " + cause.getMessage());
              }
            });

    assertThat(outcomes)
        .extracting(AcrossTargets.Outcome::target)
        .containsExactly(Target.DIRECTORY, Target.IDENTITY_PROVIDER);
    assertThat(outcomes.get(0).applied()).isEqualTo(6);
    assertThat(outcomes.get(0).stop())
        .get()
        .extracting(s -> s.action().canonical())
        .isEqualTo("RESTORE|DIRECTORY|a6");
    assertThat(outcomes.get(1))
        .isEqualTo(new AcrossTargets.Outcome(Target.IDENTITY_PROVIDER, 12, Optional.empty()));
    assertThat(journalled)
        .containsExactlyInAnyOrderElementsOf(concat(directory.applied, keycloak.applied));
    assertThat(journalled).hasSize(18);
    assertThat(failed).containsExactly("RESTORE|DIRECTORY|a6 directory down (simulated)");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<PlannedAction> restores(Target target, int n) {
    return IntStream.range(0, n)
        .<PlannedAction>mapToObj(i ->
            new PlannedAction.Restore(
                target,
                "E" + i,
                "a" + i,
                Situation.LINKED,
                new Reason("復職", "returned", List.of("LC-1"))))
        .toList();
  }

  /** A target that records what took effect and goes down before its n-th action (1-based). */
  private static final class Counting implements ReconcileTarget {
    private final Target target;
    private final int downAt;
    final List<String> applied = new CopyOnWriteArrayList<>();

    Counting(Target target, int downAt) {
      this.target = target;
      this.downAt = downAt;
    }

    @Override
    public Target target() {
      return target;
    }

    @Override
    public List<TargetAccount> read() {
      return List.of();
    }

    @Override
    public Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
      if (applied.size() + 1 == downAt) {
        throw new IllegalStateException(target.name().toLowerCase() + " down (simulated)");
      }
      applied.add(action.canonical());
      return Optional.empty();
    }
  }
}
