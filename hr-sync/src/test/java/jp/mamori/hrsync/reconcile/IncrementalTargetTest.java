package jp.mamori.hrsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.sync.TemporaryPassword;
import org.junit.jupiter.api.Test;

/**
 * Incremental reads: complete when there is no snapshot, when the source cannot tell and when the
 * complete reconciliation is due; otherwise the snapshot plus the changes; deletions applied by the
 * run leave the snapshot; an error reading changes is an error, never a partial list.
 */
class IncrementalTargetTest {

  private static final Instant T0 = Instant.parse("2027-04-01T00:00:00Z");
  private static final LocalDate TODAY = LocalDate.of(2027, 4, 1);

  /** A target whose accounts the test sets; it counts complete reads and knows change marks. */
  private static final class FakeSource implements ReconcileTarget, IncrementalSource {
    final Map<String, TargetAccount> accounts = new LinkedHashMap<>();
    final List<String> changedIds = new ArrayList<>();
    final List<String> goneIds = new ArrayList<>();
    int completeReads;
    int mark;
    String unknown;
    RuntimeException failure;

    @Override
    public Target target() {
      return Target.DIRECTORY;
    }

    @Override
    public List<TargetAccount> read() {
      return List.copyOf(accounts.values());
    }

    @Override
    public Complete readComplete() {
      completeReads++;
      return new Complete(read(), Integer.toString(++mark));
    }

    @Override
    public ChangeRead changesSince(String since) {
      if (failure != null) {
        throw failure;
      }
      if (unknown != null) {
        return new Unknown(unknown);
      }
      List<TargetAccount> changed = changedIds.stream().map(accounts::get).toList();
      Set<String> gone = Set.copyOf(goneIds);
      changedIds.clear();
      goneIds.clear();
      return new Changes(changed, gone, Integer.toString(++mark));
    }

    @Override
    public Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
      if (action instanceof PlannedAction.Delete d) {
        accounts.remove(d.accountId()); // a directory: the deletion is in no change record
      }
      return Optional.empty();
    }
  }

  private final FakeSource source = new FakeSource();
  private final InMemorySnapshotStore store = new InMemorySnapshotStore();
  private Instant now = T0;
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final IncrementalTarget target =
      new IncrementalTarget(source, source, store, clock, Duration.ofDays(7));

  private void put(String employeeNumber, String section) {
    source.accounts.put(
        "id-" + employeeNumber,
        TestAccounts.account(employeeNumber).target(Target.DIRECTORY).sections(section).build());
  }

  @Test
  void readWhenNoSnapshotThenCompleteAndThenOnlyChangesAreMerged() {
    put("1", "K01");
    put("2", "K01");
    assertThat(target.read()).hasSize(2);
    assertThat(target.lastRead())
        .get()
        .extracting(IncrementalTarget.LastRead::kind)
        .isEqualTo(IncrementalTarget.ReadKind.COMPLETE);

    put("2", "Z01"); // moved
    put("3", "K01"); // joined
    source.changedIds.addAll(List.of("id-2", "id-3"));
    now = T0.plus(Duration.ofDays(1));
    List<TargetAccount> read = target.read();

    assertThat(source.completeReads).isEqualTo(1);
    assertThat(target.lastRead().orElseThrow())
        .satisfies(r -> {
          assertThat(r.kind()).isEqualTo(IncrementalTarget.ReadKind.CHANGES);
          assertThat(r.accounts()).isEqualTo(3);
          assertThat(r.changed()).isEqualTo(2);
          assertThat(r.gone()).isZero();
        });
    assertThat(read)
        .extracting(a -> a.employeeNumber() + ":" + a.sections())
        .containsExactlyInAnyOrder("1:[K01]", "2:[Z01]", "3:[K01]");
  }

  @Test
  void readWhenSourceReportsGoneThenRemoved() {
    put("1", "K01");
    put("2", "K01");
    target.read();
    source.accounts.remove("id-2");
    source.goneIds.add("id-2");

    assertThat(target.read()).extracting(TargetAccount::employeeNumber).containsExactly("1");
  }

  @Test
  void readWhenCompleteReconciliationDueThenCompleteAgain() {
    put("1", "K01");
    target.read();
    source.accounts.remove("id-1"); // deleted by hand: no change record shows it
    now = T0.plus(Duration.ofDays(6));
    assertThat(target.read()).hasSize(1);

    now = T0.plus(Duration.ofDays(7));
    assertThat(target.read()).isEmpty();
    assertThat(source.completeReads).isEqualTo(2);
    assertThat(target.lastRead().orElseThrow().why()).contains("complete reconciliation due");
  }

  @Test
  void readWhenSourceCannotTellThenCompleteWithItsReason() {
    put("1", "K01");
    target.read();
    source.unknown = "a group was deleted or renamed: groups/x";

    target.read();

    assertThat(source.completeReads).isEqualTo(2);
    assertThat(target.lastRead().orElseThrow())
        .satisfies(r -> {
          assertThat(r.kind()).isEqualTo(IncrementalTarget.ReadKind.COMPLETE);
          assertThat(r.why()).isEqualTo("a group was deleted or renamed: groups/x");
        });
  }

  @Test
  void readWhenChangesCannotBeReadThenTheErrorAndTheSnapshotIsKept() {
    put("1", "K01");
    target.read();
    target.awaitSaved();
    Snapshot before = store.load(Target.DIRECTORY).orElseThrow();
    source.failure = new IllegalStateException("LDAP down");

    assertThatThrownBy(target::read).hasMessage("LDAP down");
    assertThat(store.load(Target.DIRECTORY)).contains(before);
  }

  @Test
  void applyWhenAccountDeletedThenItLeavesTheSnapshot() {
    put("1", "K01");
    put("2", "K01");
    target.read();

    target.applyAll(
        List.of(
            new PlannedAction.Delete(
                Target.DIRECTORY,
                "2",
                "id-2",
                TODAY.minusDays(400),
                Situation.DEPARTED,
                Reason.of("保存期間経過", "retention passed", "LC-2"))),
        TODAY);

    assertThat(target.read()).extracting(TargetAccount::employeeNumber).containsExactly("1");
    assertThat(source.completeReads).isEqualTo(1);
  }

  @Test
  void readWhenAnotherInstanceSavedMeanwhileThenItsSnapshotIsUsedNotThisOnesCopy() {
    put("1", "K01");
    target.read(); // this instance's copy: one account
    target.awaitSaved(); // as each run does before it ends
    FakeSource other = new FakeSource();
    other.accounts.put(
        "id-9", TestAccounts.account("9").target(Target.DIRECTORY).sections("Z01").build());
    other.changedIds.add("id-9");
    IncrementalTarget second =
        new IncrementalTarget(other, other, store, clock, Duration.ofDays(7));
    second.read();
    second.awaitSaved(); // as each run does before it ends: saves 1 and 9

    assertThat(target.read())
        .extracting(TargetAccount::employeeNumber)
        .containsExactlyInAnyOrder("1", "9");
  }

  @Test
  void readWhenSnapshotUnreadableThenComplete() {
    SnapshotStore broken =
        new SnapshotStore() {
          @Override
          public Optional<Snapshot> load(Target t) {
            throw new IllegalArgumentException("snapshot line 7: expected 13 fields, found 4");
          }

          @Override
          public String save(Target t, Snapshot s) {
            return "1";
          }

          @Override
          public Optional<String> version(Target t) {
            return Optional.of("1");
          }

          @Override
          public void clear(Target t) {}
        };
    put("1", "K01");
    IncrementalTarget reading =
        new IncrementalTarget(source, source, broken, clock, Duration.ofDays(7));

    assertThat(reading.read()).hasSize(1);
    assertThat(source.completeReads).isEqualTo(1);
  }

  @Test
  void constructWhenCompleteEveryNotPositiveThenRefused() {
    assertThatThrownBy(() -> new IncrementalTarget(source, source, store, clock, Duration.ZERO))
        .hasMessageContaining("expected a positive duration");
  }
}
