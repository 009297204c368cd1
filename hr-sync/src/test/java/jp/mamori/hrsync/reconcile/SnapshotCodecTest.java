package jp.mamori.hrsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots survive encoding exactly, and damaged ones are refused with the line at fault. */
class SnapshotCodecTest {

  private static final Instant AT = Instant.parse("2027-04-01T09:00:00Z");

  @Test
  void decodeWhenEncodedThenEveryFieldIsBack() {
    List<TargetAccount> accounts =
        List.of(
            TestAccounts.account("1").fullName("山田\t太郎\\n").sections("K01", "Z,01").build(),
            TestAccounts.account("2")
                .target(Target.DIRECTORY)
                .id("uid=2,ou=people,dc=x")
                .stopped(AccountState.SUSPENDED, StopReason.SECONDED, LocalDate.of(2027, 4, 1))
                .createdAt(AT)
                .lastLogin(AT.minusSeconds(60))
                .kind(AccountKind.DEVELOPMENT)
                .endDate(LocalDate.of(2027, 9, 30))
                .build());
    Snapshot snapshot = Snapshot.of(accounts, "20270401090000.000Z\tx", AT);

    Snapshot back = SnapshotCodec.decode(SnapshotCodec.encode(snapshot));

    assertThat(back).isEqualTo(snapshot);
  }

  @Test
  void decodeWhenALineIsDamagedThenRefusedNamingTheLine() throws Exception {
    byte[] data =
        gzip(SnapshotCodec.HEADER + "\tmark\t" + AT + "\nIDENTITY_PROVIDER\tid-1\tonly three\n");

    assertThatThrownBy(() -> SnapshotCodec.decode(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("snapshot line 2: expected 13 tab-separated fields, found 3");
    assertThatThrownBy(() -> SnapshotCodec.decode(gzip("something else\n")))
        .hasMessageContaining("line 1: expected the header");
    assertThatThrownBy(() -> SnapshotCodec.decode("not gzip".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("expected gzip data");
  }

  @Test
  void fileStoreWhenSavedThenLoadedAndClearedThenEmpty(@TempDir Path dir) throws Exception {
    FileSnapshotStore store = new FileSnapshotStore(dir);
    Snapshot snapshot = Snapshot.of(List.of(TestAccounts.account("1").build()), "42", AT);

    store.save(Target.IDENTITY_PROVIDER, snapshot);

    assertThat(store.load(Target.IDENTITY_PROVIDER)).contains(snapshot);
    assertThat(store.load(Target.DIRECTORY)).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("identity_provider.snapshot.gz");
    }
    store.clear(Target.IDENTITY_PROVIDER);
    assertThat(store.load(Target.IDENTITY_PROVIDER)).isEmpty();
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
