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
import java.util.Map;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots survive encoding exactly, and damaged ones are refused naming the record at fault. */
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
                .build(),
            TestAccounts.account("3")
                .target(Target.DIRECTORY)
                .id("CN=3,OU=Staff,DC=x")
                .stopUndone(StopReason.LEAVE)
                .profile(Map.of(ProfileField.SECTION_NAME, "市民課", ProfileField.TITLE, ""))
                .build());
    Snapshot snapshot = Snapshot.of(accounts, "20270401090000.000Z\tx", AT);

    Snapshot back = SnapshotCodec.decode(SnapshotCodec.encode(snapshot));

    assertThat(back).isEqualTo(snapshot);
  }

  @Test
  void decodeWhenDamagedThenRefusedNamingTheRecordAndField() {
    byte[] good =
        SnapshotCodec.encode(
            Snapshot.of(
                List.of(TestAccounts.account("1").build(), TestAccounts.account("2").build()),
                "mark",
                AT));
    byte[] truncated = deflated(inflated(good), 60);

    assertThatThrownBy(() -> SnapshotCodec.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("snapshot record 1, field .*: expected more data, found the end");
    assertThatThrownBy(() ->
            SnapshotCodec.decode(deflated("something else".getBytes(StandardCharsets.UTF_8), 14)))
        .hasMessageStartingWith("snapshot ");
    assertThatThrownBy(() -> SnapshotCodec.decode("not deflate".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void decodeWhenAnEnumNameIsUnknownThenRefusedNamingIt() {
    byte[] raw =
        inflated(
            SnapshotCodec.encode(Snapshot.of(List.of(TestAccounts.account("1").build()), "m", AT)));
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("ENABLED", "ENABLEX");
    byte[] changed = deflated(text.getBytes(StandardCharsets.ISO_8859_1), text.length());

    assertThatThrownBy(() -> SnapshotCodec.decode(changed))
        .hasMessage("snapshot record 1, field state: cannot read \"ENABLEX\"");
  }

  @Test
  void decodeWhenAccountsHaveSuspendedTiersOrNoneThenTheyAreBack() {
    Snapshot snapshot =
        Snapshot.of(
            List.of(
                TestAccounts.account("1").suspendedTiers(Tier.LGWAN, Tier.MYNUMBER).build(),
                TestAccounts.account("2").build()),
            "m",
            AT);

    Snapshot back = SnapshotCodec.decode(SnapshotCodec.encode(snapshot));

    assertThat(back).isEqualTo(snapshot);
    assertThat(back.accounts().get("id-1").suspendedTiers())
        .containsExactly(Tier.MYNUMBER, Tier.LGWAN);
    assertThat(back.accounts().get("id-2").suspendedTiers()).isEmpty();
  }

  @Test
  void decodeWhenWrittenBeforeTiersWereKeptThenReadWithNone() {
    Snapshot snapshot = Snapshot.of(List.of(TestAccounts.account("1").build()), "m", AT);
    byte[] raw = inflated(SnapshotCodec.encode(snapshot));
    // version 3 wrote the same record without the count of tiers that ends it (0 here)
    byte[] v3 = java.util.Arrays.copyOf(raw, raw.length - 1);
    java.nio.ByteBuffer.wrap(v3)
        .putInt(2 + SnapshotCodec.MAGIC.length(), SnapshotCodec.VERSION_3); // after writeUTF

    Snapshot back = SnapshotCodec.decode(deflated(v3, v3.length));

    assertThat(back).isEqualTo(snapshot);
  }

  @Test
  void decodeWhenATierNameIsUnknownThenRefusedNamingTheField() {
    byte[] raw =
        inflated(
            SnapshotCodec.encode(
                Snapshot.of(
                    List.of(TestAccounts.account("1").suspendedTiers(Tier.MYNUMBER).build()),
                    "m",
                    AT)));
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("MYNUMBER", "MYNUMBEX");
    byte[] changed = deflated(text.getBytes(StandardCharsets.ISO_8859_1), text.length());

    assertThatThrownBy(() -> SnapshotCodec.decode(changed))
        .hasMessage("snapshot record 1, field suspendedTiers: cannot read \"MYNUMBEX\"");
  }

  private static byte[] inflated(byte[] data) {
    try (var in = new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] deflated(byte[] raw, int length) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new java.util.zip.DeflaterOutputStream(bytes)) {
      out.write(raw, 0, length);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
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

  /** Accounts whose names do not compress away: their snapshot spans several pieces. */
  private static Snapshot large(int count) {
    java.util.Random random = new java.util.Random(42);
    List<TargetAccount> accounts = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      accounts.add(
          TestAccounts.account(Integer.toString(100_000 + i))
              .fullName("職員 " + Long.toHexString(random.nextLong()) + Long.toHexString(i))
              .sections("K" + random.nextInt(300))
              .build());
    }
    return Snapshot.of(accounts, "mark", AT);
  }

  @Test
  void encodeInChunksWhenLargerThanAPieceThenTheSameBytesAsOneArray() throws Exception {
    Snapshot snapshot = large(10_000);
    byte[] whole = SnapshotCodec.encode(snapshot);

    SnapshotCodec.Chunks chunks = SnapshotCodec.encodeInChunks(snapshot);

    assertThat(chunks.size()).isGreaterThan(2L * SnapshotCodec.Chunks.CHUNK);
    assertThat(chunks.size()).isEqualTo(whole.length);
    try (var in = chunks.stream()) {
      assertThat(in.readAllBytes()).isEqualTo(whole);
    }
    assertThat(SnapshotCodec.read(chunks.stream())).isEqualTo(snapshot);
  }

  @Test
  void fileStoreWhenLargeThenStreamedBothWaysAndATruncatedFileIsRefusedNamingIt(@TempDir Path dir)
      throws Exception {
    FileSnapshotStore store = new FileSnapshotStore(dir);
    Snapshot snapshot = large(10_000);

    store.save(Target.DIRECTORY, snapshot);

    Path file = dir.resolve("directory.snapshot.gz");
    assertThat(Files.readAllBytes(file)).isEqualTo(SnapshotCodec.encode(snapshot));
    assertThat(store.load(Target.DIRECTORY)).contains(snapshot);
    byte[] data = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(data, data.length / 2));
    assertThatThrownBy(() -> store.load(Target.DIRECTORY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": snapshot record ")
        .hasMessageContaining("expected more data, found the end");
  }
}
