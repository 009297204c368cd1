package jp.mamori.authz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void acceptWhenWorkAdvancesThenAtMostOneLinePerSecondWithShareAndEstimate() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong();
    Progress progress = new Progress(out, "適用 / apply", 40_000, now::get);

    progress.accept(5_000); // at once: no line
    now.set(500_000_000L);
    progress.accept(5_000); // half a second: still none
    now.set(2_000_000_000L);
    progress.accept(2_000); // 12,000 after 2 s: a line
    now.set(2_100_000_000L);
    progress.accept(8_000); // within the second: none
    now.set(4_000_000_000L);
    progress.accept(20_000);
    progress.finish();

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines)
        .containsExactly(
            "適用 / apply: 12,000 / 40,000 (30%), 2 s 経過 elapsed, 残り約 / about 5 s left",
            "適用 / apply: 40,000 / 40,000 (100%), 4 s 経過 elapsed");
  }
}
