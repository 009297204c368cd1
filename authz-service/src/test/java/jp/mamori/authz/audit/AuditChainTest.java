package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
