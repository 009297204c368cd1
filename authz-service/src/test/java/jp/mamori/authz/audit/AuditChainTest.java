package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditChain.Event;
import org.junit.jupiter.api.Test;

/** The chain's arithmetic without a database (AU-2). */
class AuditChainTest {

  private static final Instant T = Instant.parse("2027-04-01T00:00:00.123456789Z");

  @Test
  void hashWhenFieldBoundariesMoveThenDifferent() {
    String a = AuditChain.hash(1, T, "AB", "C", "s", "d", "AU-5", AuditChain.GENESIS);
    String b = AuditChain.hash(1, T, "A", "BC", "s", "d", "AU-5", AuditChain.GENESIS);
    assertThat(a).isNotEqualTo(b).hasSize(64).matches("[0-9a-f]{64}");
  }

  @Test
  void nextWhenChainedThenEachLinksToThePreviousAndTimeIsKeptToTheMicrosecond() {
    List<Event> chain = chain(3);
    assertThat(chain.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(chain.get(1).prevHash()).isEqualTo(chain.get(0).hash());
    assertThat(chain.get(2).seq()).isEqualTo(3);
    assertThat(chain.get(0).at()).isEqualTo(Instant.parse("2027-04-01T00:00:00.123456Z"));
    assertThat(AuditChain.verify(chain.iterator(), Map.of(), c -> true).intact()).isTrue();
  }

  @Test
  void verifyWhenAnEventIsInsertedThenFound() {
    List<Event> chain = new ArrayList<>(chain(4));
    Event first = chain.get(0);
    chain.add(1, AuditChain.next(first.seq(), first.hash(), T, entry("inserted")));

    var v = AuditChain.verify(chain.iterator(), Map.of(), c -> true);

    assertThat(v.intact()).isFalse();
    assertThat(v.problems()).extracting(AuditChain.Problem::seq).contains(2L);
  }

  @Test
  void entryWhenKindOrActorMissingThenRefusedSayingWhichField() {
    assertThatThrownBy(() -> new Entry(" ", "a", "s", "d", "AU-5"))
        .hasMessageContaining("kind")
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> new Entry("K", null, "s", "d", "AU-5"))
        .hasMessageContaining("actor")
        .hasMessageContaining("none");
  }

  @Test
  void signerWhenCheckpointAlteredOrSignedByAnotherKeyThenInvalid() {
    AuditSigner key = AuditSigner.generate();
    var checkpoint = key.sign(5, "a".repeat(64), T);
    assertThat(key.valid(checkpoint)).isTrue();
    assertThat(key.valid(new AuditChain.Checkpoint(5, "b".repeat(64), T, checkpoint.jws())))
        .isFalse();
    assertThat(AuditSigner.generate().valid(checkpoint)).isFalse();
    assertThat(key.toString()).doesNotContain("\"d\"");
  }

  @Test
  void verifyWhenAnOutsideCopyLiesBeyondTheLogThenTheDeletedTailIsNamedWithTheCopy() {
    AuditSigner key = AuditSigner.generate();
    List<Event> chain = chain(10);
    Checkpoint at10 = key.sign(10, chain.get(9).hash(), T);
    // the tail 8..10 and the database's checkpoint of 10 deleted; the copy outside remains
    AuditChain.Verifier verifier = new AuditChain.Verifier(new java.util.HashMap<>(), key::valid);
    verifier.outside(at10, "line 1 of /outside/checkpoints-2027-04.jws");
    chain.subList(0, 7).forEach(verifier::accept);

    var v = verifier.finish();

    assertThat(v.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.seq()).isEqualTo(10);
          assertThat(p.expected())
              .contains("events up to 10", "kept outside the database", "checkpoints-2027-04.jws");
          assertThat(p.found()).isEqualTo("the log ends at 7 (tail deleted)");
        });
  }

  @Test
  void verifyWhenTheLogAndItsCheckpointsAreGoneButCopiesRemainThenTheDeletedLogIsNamed() {
    AuditSigner key = AuditSigner.generate();
    List<Event> chain = chain(10);
    AuditChain.Verifier verifier = new AuditChain.Verifier(new java.util.HashMap<>(), key::valid);
    verifier.outside(key.sign(4, chain.get(3).hash(), T), "line 1 of f");
    verifier.outside(key.sign(10, chain.get(9).hash(), T), "line 2 of f");

    var v = verifier.finish();

    assertThat(v.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.seq()).isEqualTo(10);
          assertThat(p.expected()).contains("events up to 10", "line 2 of f", "2 copies");
          assertThat(p.found())
              .isEqualTo("no events in the database and no checkpoints (the log deleted)");
        });
  }

  @Test
  void verifyWhenTheDatabasesCheckpointRowIsGoneOrAForgedCopyIsOutsideThenFound() {
    AuditSigner key = AuditSigner.generate();
    List<Event> chain = chain(6);
    Checkpoint at3 = key.sign(3, chain.get(2).hash(), T);
    Checkpoint at6 = key.sign(6, chain.get(5).hash(), T);
    AuditChain.Verifier verifier =
        new AuditChain.Verifier(new java.util.HashMap<>(Map.of(6L, at6)), key::valid);
    verifier.outside(at3, "line 1 of f");
    verifier.outside(at6, "line 2 of f");
    verifier.outside(AuditSigner.generate().sign(5, chain.get(4).hash(), T), "line 3 of f");
    chain.forEach(verifier::accept);

    var v = verifier.finish();

    assertThat(v.problems())
        .hasSize(2)
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(3);
          assertThat(p.expected()).contains("the database's checkpoint of event 3", "line 1 of f");
          assertThat(p.found()).isEqualTo("no checkpoint of event 3 in the database (deleted)");
        })
        .anySatisfy(p -> {
          assertThat(p.seq()).isEqualTo(5);
          assertThat(p.expected()).contains("signed with the audit key", "line 3 of f");
          assertThat(p.found()).isEqualTo("a signature that fails");
        });
  }

  @Test
  void verifyWhenTheChainWasRewrittenUnderAnOutsideCopyThenTheCopysHashDisagrees() {
    AuditSigner key = AuditSigner.generate();
    List<Event> genuine = chain(5);
    Checkpoint at5 = key.sign(5, genuine.get(4).hash(), T);
    List<Event> rewritten = new ArrayList<>();
    long seq = 0;
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < 5; i++) {
      Event e = AuditChain.next(seq, prev, T, entry(i == 1 ? "covered up" : "event " + i));
      rewritten.add(e);
      seq = e.seq();
      prev = e.hash();
    }
    AuditChain.Verifier verifier =
        new AuditChain.Verifier(new java.util.HashMap<>(Map.of(5L, at5)), key::valid);
    verifier.outside(at5, "line 1 of f");
    rewritten.forEach(verifier::accept);

    assertThat(verifier.finish().problems())
        .anySatisfy(p -> assertThat(p.expected()).contains("kept outside the database"));
  }

  @Test
  void verifyWhenNoCopyAndNoEventThenIntact() {
    AuditSigner key = AuditSigner.generate();
    var v = new AuditChain.Verifier(new java.util.HashMap<>(), key::valid).finish();
    assertThat(v.intact()).isTrue();
    assertThat(v.events()).isZero();
  }

  @Test
  void verifyWhenAnEventIsEarlierThanTheOneBeforeBeyondTheToleranceThenAClockStepWithBothTimes() {
    Instant t1 = Instant.parse("2027-04-01T09:00:00Z");
    Event first = AuditChain.next(0, AuditChain.GENESIS, t1, entry("first"));
    Event jitter = AuditChain.next(1, first.hash(), t1.minusSeconds(2), entry("within"));
    Event back = AuditChain.next(2, jitter.hash(), t1.minusSeconds(3600), entry("an hour back"));
    AuditChain.Verifier verifier =
        new AuditChain.Verifier(Map.of(), c -> true)
            .clockTolerance(java.time.Duration.ofSeconds(5));
    List.of(first, jitter, back).forEach(verifier::accept);

    var v = verifier.finish();

    assertThat(v.intact()).as("a clock step is no tampering").isTrue();
    assertThat(v.clockSteps())
        .singleElement()
        .satisfies(step -> {
          assertThat(step.seq()).isEqualTo(3);
          assertThat(step.previousSeq()).isEqualTo(2);
          assertThat(step.back()).isEqualTo(java.time.Duration.ofSeconds(3598));
          assertThat(step.toString())
              .contains("event 3 at 2027-04-01T08:00:00Z", "event 2 at 2027-04-01T08:59:58Z");
        });
    assertThatThrownBy(() ->
            new AuditChain.Verifier(Map.of(), c -> true)
                .clockTolerance(java.time.Duration.ofSeconds(-1)))
        .hasMessageContaining("expected zero or a positive duration");
  }

  @Test
  void readWhenACheckpointsJwsThenItsClaimsAndWhenTextThenNothing() {
    AuditSigner key = AuditSigner.generate();
    Checkpoint c = key.sign(42, "c".repeat(64), T);
    assertThat(AuditSigner.read(c.jws() + "\n")).contains(c);
    assertThat(AuditSigner.read("not a checkpoint")).isEmpty();
    assertThat(AuditSigner.read("")).isEmpty();
  }

  private static List<Event> chain(int n) {
    List<Event> chain = new ArrayList<>();
    long seq = 0;
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < n; i++) {
      Event e = AuditChain.next(seq, prev, T, entry("event " + i));
      chain.add(e);
      seq = e.seq();
      prev = e.hash();
    }
    return chain;
  }

  private static Entry entry(String what) {
    return new Entry("TEST", "it-admin", "staff/1", "{\"what\":\"" + what + "\"}", "AU-5");
  }
}
