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
import jp.mamori.policy.Tier;

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
  static final int VERSION = 4;

  /** The version before {@link TargetAccount#suspendedTiers()}: still read (no tiers). */
  static final int VERSION_3 = 3;

  /** The version before {@link TargetAccount#stopUndone()} and the profile: still read. */
  static final int VERSION_2 = 2;

  private static final int NONE_DAY = Integer.MIN_VALUE;
  private static final long NONE_SECOND = Long.MIN_VALUE;

  private SnapshotCodec() {}

  /** The snapshot as one array (small snapshots and tests; stores stream with {@link #write}). */
  public static byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    write(snapshot, bytes);
    return bytes.toByteArray();
  }

  /**
   * The snapshot in pieces of {@value Chunks#CHUNK} bytes: for a store that needs the length before
   * it sends (a database parameter). A 40,000-account snapshot is 1–2 MB; as one array it is a
   * "humongous" object to the G1 collector (more than half a heap region), and each one started a
   * concurrent marking of the whole heap — about a second of one core, in the middle of the run
   * that saved it.
   */
  public static Chunks encodeInChunks(Snapshot snapshot) {
    Chunks chunks = new Chunks();
    write(snapshot, chunks);
    return chunks;
  }

  /**
   * Writes the snapshot, deflated, to {@code out} and leaves it open (the caller owns it).
   *
   * @throws UncheckedIOException if {@code out} fails
   */
  public static void write(Snapshot snapshot, java.io.OutputStream out) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      DeflaterOutputStream deflated = new DeflaterOutputStream(unclosed(out), deflater, 1 << 16);
      DataOutputStream data = new DataOutputStream(new BufferedOutputStream(deflated, 1 << 16));
      writeTo(data, snapshot);
      data.flush();
      deflated.finish();
      deflated.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a snapshot", e);
    } finally {
      deflater.end();
    }
  }

  private static java.io.OutputStream unclosed(java.io.OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  private static void writeTo(DataOutputStream out, Snapshot snapshot) throws IOException {
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
      out.writeUTF(a.stopUndone().map(Enum::name).orElse(""));
      out.writeByte(a.profile().size());
      for (var field : new java.util.TreeMap<>(a.profile()).entrySet()) {
        out.writeUTF(field.getKey().name());
        out.writeUTF(field.getValue());
      }
      out.writeByte(a.suspendedTiers().size());
      for (Tier tier : a.suspendedTiers()) {
        out.writeUTF(tier.name());
      }
    }
  }

  /** Encoded bytes kept in fixed pieces; {@link #size()} and {@link #stream()} read them back. */
  public static final class Chunks extends java.io.OutputStream {

    /** Bytes per piece: well under half of G1's smallest region (1 MB). */
    static final int CHUNK = 128 * 1024;

    private final java.util.List<byte[]> full = new java.util.ArrayList<>();
    private byte[] current = new byte[CHUNK];
    private int used;

    @Override
    public void write(int b) {
      if (used == CHUNK) {
        next();
      }
      current[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (used == CHUNK) {
          next();
        }
        int n = Math.min(len, CHUNK - used);
        System.arraycopy(b, off, current, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    private void next() {
      full.add(current);
      current = new byte[CHUNK];
      used = 0;
    }

    /** How many bytes were written. */
    public long size() {
      return (long) full.size() * CHUNK + used;
    }

    /** The bytes written, in order. */
    public java.io.InputStream stream() {
      java.util.List<java.io.InputStream> parts = new java.util.ArrayList<>(full.size() + 1);
      full.forEach(b -> parts.add(new ByteArrayInputStream(b)));
      parts.add(new ByteArrayInputStream(current, 0, used));
      return new java.io.SequenceInputStream(java.util.Collections.enumeration(parts));
    }
  }

  /**
   * @throws IllegalArgumentException naming the record and field when the bytes are not a snapshot
   */
  public static Snapshot decode(byte[] data) {
    return read(new ByteArrayInputStream(data));
  }

  /**
   * Reads a snapshot from {@code stream} (and closes it), without holding its bytes at once.
   *
   * @throws IllegalArgumentException naming the record and field when the bytes are not a snapshot
   */
  public static Snapshot read(java.io.InputStream stream) {
    int record = 0;
    String field = "header";
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(
                new InflaterInputStream(new BufferedInputStream(stream, 1 << 16)), 1 << 16))) {
      String magic = in.readUTF();
      int version = in.readInt();
      if (!MAGIC.equals(magic)
          || (version != VERSION && version != VERSION_3 && version != VERSION_2)) {
        throw new IllegalArgumentException(
            "snapshot header: expected "
                + MAGIC
                + " version "
                + VERSION_2
                + "–"
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
        Optional<StopReason> stopUndone = Optional.empty();
        Map<ProfileField, String> profile = Map.of();
        if (version >= VERSION_3) {
          field = "stopUndone";
          String undone = in.readUTF();
          stopUndone =
              undone.isEmpty()
                  ? Optional.empty()
                  : Optional.of(parse(undone, StopReason::valueOf, record, field));
          field = "profile";
          int fields = in.readUnsignedByte();
          Map<ProfileField, String> read = new java.util.EnumMap<>(ProfileField.class);
          for (int i = 0; i < fields; i++) {
            read.put(parse(in.readUTF(), ProfileField::valueOf, record, field), in.readUTF());
          }
          profile = read;
        }
        Set<Tier> suspendedTiers = Set.of();
        if (version >= VERSION) {
          field = "suspendedTiers";
          int tiers = in.readUnsignedByte();
          Set<Tier> read = java.util.EnumSet.noneOf(Tier.class);
          for (int i = 0; i < tiers; i++) {
            read.add(parse(in.readUTF(), Tier::valueOf, record, field));
          }
          suspendedTiers = read;
        }
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
                endDate,
                stopUndone,
                profile,
                suspendedTiers);
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
