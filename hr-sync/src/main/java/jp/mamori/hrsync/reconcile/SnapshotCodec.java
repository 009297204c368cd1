package jp.mamori.hrsync.reconcile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A {@link Snapshot} as bytes: a header ({@value #MAGIC}, format version, mark, time of the
 * complete read, count) then each account's fields, deflated at the fastest level. Binary because a
 * daily run reads and writes the snapshot of every account (40,000 in about 1 MB): text parsing
 * cost more than the rest of the read. Enumerations are stored by name, so a new constant never
 * shifts the meaning of stored ones; a damaged or foreign snapshot is refused naming the record and
 * field, and the caller then reads the target completely.
 */
public final class SnapshotCodec {

  static final String MAGIC = "mamori-snapshot";
  static final int VERSION = 2;
  private static final int NONE_DAY = Integer.MIN_VALUE;
  private static final long NONE_SECOND = Long.MIN_VALUE;

  private SnapshotCodec() {}

  public static byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(
                new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16),
                1 << 16))) {
      out.writeUTF(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(snapshot.mark());
      writeInstant(out, Optional.of(snapshot.completeAt()));
      out.writeInt(snapshot.accounts().size());
      for (TargetAccount a : snapshot.accounts().values()) {
        out.writeUTF(a.target().name());
        out.writeUTF(a.id());
        out.writeUTF(a.employeeNumber());
        out.writeUTF(a.loginName());
        out.writeUTF(a.fullName());
        out.writeShort(a.sections().size());
        for (String section : a.sections()) {
          out.writeUTF(section);
        }
        out.writeUTF(a.state().name());
        out.writeUTF(a.stopReason().map(Enum::name).orElse(""));
        out.writeInt(a.stateSince().map(d -> (int) d.toEpochDay()).orElse(NONE_DAY));
        writeInstant(out, a.createdAt());
        writeInstant(out, a.lastLogin());
        out.writeUTF(a.kind().name());
        out.writeInt(a.endDate().map(d -> (int) d.toEpochDay()).orElse(NONE_DAY));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a snapshot", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming the record and field when the bytes are not a snapshot
   */
  public static Snapshot decode(byte[] data) {
    int record = 0;
    String field = "header";
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(data)), 1 << 16))) {
      String magic = in.readUTF();
      int version = in.readInt();
      if (!MAGIC.equals(magic) || version != VERSION) {
        throw new IllegalArgumentException(
            "snapshot header: expected "
                + MAGIC
                + " version "
                + VERSION
                + ", found "
                + shorten(magic)
                + " version "
                + version);
      }
      String mark = in.readUTF();
      Instant completeAt = readInstant(in).orElseThrow();
      int count = in.readInt();
      if (count < 0) {
        throw new IllegalArgumentException(
            "snapshot header: expected an account count, found " + count);
      }
      Map<String, TargetAccount> accounts = LinkedHashMap.newLinkedHashMap(count);
      for (record = 1; record <= count; record++) {
        field = "target";
        Target target = parse(in.readUTF(), Target::valueOf, record, field);
        field = "id";
        String id = in.readUTF();
        String employeeNumber = in.readUTF();
        String loginName = in.readUTF();
        String fullName = in.readUTF();
        field = "sections";
        int n = in.readShort();
        Set<String> sections = LinkedHashSet.newLinkedHashSet(Math.max(0, n));
        for (int i = 0; i < n; i++) {
          sections.add(in.readUTF());
        }
        field = "state";
        AccountState state = parse(in.readUTF(), AccountState::valueOf, record, field);
        field = "stopReason";
        String reason = in.readUTF();
        Optional<StopReason> stopReason =
            reason.isEmpty()
                ? Optional.empty()
                : Optional.of(parse(reason, StopReason::valueOf, record, field));
        field = "stateSince";
        Optional<LocalDate> stateSince = readDay(in);
        field = "createdAt";
        Optional<Instant> createdAt = readInstant(in);
        field = "lastLogin";
        Optional<Instant> lastLogin = readInstant(in);
        field = "kind";
        AccountKind kind = parse(in.readUTF(), AccountKind::valueOf, record, field);
        field = "endDate";
        Optional<LocalDate> endDate = readDay(in);
        field = "account";
        TargetAccount account =
            new TargetAccount(
                target,
                id,
                employeeNumber,
                loginName,
                fullName,
                sections,
                state,
                stopReason,
                stateSince,
                createdAt,
                lastLogin,
                kind,
                endDate);
        accounts.put(account.id(), account);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException(
            "snapshot: expected the end after " + count + " accounts, found more data");
      }
      return new Snapshot(accounts, mark, completeAt);
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "snapshot record " + record + ", field " + field + ": expected more data, found the end",
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "snapshot record "
              + record
              + ", field "
              + field
              + ": cannot read ("
              + e.getMessage()
              + ")",
          e);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("snapshot")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "snapshot record " + record + ", field " + field + ": " + e.getMessage(), e);
    }
  }

  private static void writeInstant(DataOutputStream out, Optional<Instant> value)
      throws IOException {
    if (value.isEmpty()) {
      out.writeLong(NONE_SECOND);
      return;
    }
    out.writeLong(value.get().getEpochSecond());
    out.writeInt(value.get().getNano());
  }

  private static Optional<Instant> readInstant(DataInputStream in) throws IOException {
    long seconds = in.readLong();
    if (seconds == NONE_SECOND) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(seconds, in.readInt()));
  }

  private static Optional<LocalDate> readDay(DataInputStream in) throws IOException {
    int day = in.readInt();
    return day == NONE_DAY ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day));
  }

  private static <T> T parse(String value, Function<String, T> parser, int record, String field) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "snapshot record " + record + ", field " + field + ": cannot read " + shorten(value), e);
    }
  }

  private static String shorten(String value) {
    if (value == null) {
      return "nothing";
    }
    return value.length() > 40 ? "\"" + value.substring(0, 40) + "…\"" : "\"" + value + "\"";
  }
}
