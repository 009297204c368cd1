package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder of checkpoint copies outside the database (AU-2): owner-only, append-only, one JWS per
 * line, one file per month; a folder that cannot be used is refused naming the setting.
 */
class CheckpointArchiveTest {

  private static final AuditSigner KEY = AuditSigner.generate();

  @TempDir Path dir;

  @Test
  void openWhenTheFolderIsMissingThenCreatedForItsOwnerOnlyAndEmpty() throws Exception {
    Path folder = dir.resolve("data").resolve("audit-checkpoints");

    CheckpointArchive archive = CheckpointArchive.open(folder);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
    assertThat(archive.lines()).as("a new installation has no copy yet").isEmpty();
  }

  @Test
  void appendWhenCheckpointsOfTwoMonthsThenOneLineEachInTheMonthsOwnerOnlyFile() throws Exception {
    CheckpointArchive archive = CheckpointArchive.open(dir);
    Checkpoint march = KEY.sign(5, "a".repeat(64), Instant.parse("2027-03-31T23:59:59Z"));
    Checkpoint april1 = KEY.sign(9, "b".repeat(64), Instant.parse("2027-04-01T00:00:00Z"));
    Checkpoint april2 = KEY.sign(12, "c".repeat(64), Instant.parse("2027-04-02T00:00:00Z"));

    archive.append(march);
    archive.append(april1);
    archive.append(april2);

    Path april = dir.resolve("checkpoints-2027-04.jws");
    assertThat(Files.readString(april, StandardCharsets.US_ASCII))
        .isEqualTo(april1.jws() + "\n" + april2.jws() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(april)))
        .isEqualTo("rw-------");
    assertThat(archive.lines())
        .extracting(CheckpointArchive.Line::where)
        .containsExactly(
            "line 1 of " + dir.resolve("checkpoints-2027-03.jws"),
            "line 1 of " + april,
            "line 2 of " + april);
    assertThat(archive.lines())
        .extracting(line -> AuditSigner.read(line.text()).orElseThrow())
        .containsExactly(march, april1, april2);
  }

  @Test
  void appendWhenTheMonthsFileCannotBeWrittenThenRefusedNamingTheSetting() throws Exception {
    CheckpointArchive archive = CheckpointArchive.open(dir);
    Checkpoint c = KEY.sign(1, "a".repeat(64), Instant.parse("2027-04-01T00:00:00Z"));
    Files.createDirectory(dir.resolve("checkpoints-2027-04.jws")); // not a file: cannot append

    assertThatThrownBy(() -> archive.append(c))
        .hasMessageContaining("event 1")
        .hasMessageContaining("mamori.audit.checkpoint-dir")
        .hasMessageContaining("nothing signed");
  }

  @Test
  void openWhenThePathIsAFileThenRefusedNamingTheSetting() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

    assertThatThrownBy(() -> CheckpointArchive.open(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mamori.audit.checkpoint-dir")
        .hasMessageContaining("found a file");
  }

  @Test
  void linesWhenOtherFilesAreInTheFolderThenOnlyTheCheckpointFilesAreRead() throws Exception {
    CheckpointArchive archive = CheckpointArchive.open(dir);
    Files.writeString(dir.resolve("README.txt"), "WORM folder of the audit checkpoints\n");
    archive.append(KEY.sign(1, "a".repeat(64), Instant.parse("2027-04-01T00:00:00Z")));

    assertThat(archive.lines()).hasSize(1);
  }
}
