package jp.mamori.authz.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The hash chain of the audit log (AU-1, AU-2), pure: each event's hash covers its sequence number,
 * time, kind, actor, subject, detail, requirement IDs and the previous event's hash, so that
 * editing, deleting, reordering or inserting an event breaks every hash after it; signed
 * checkpoints ({@link Checkpoint}) pin the hash at a sequence number with a key the database does
 * not hold, so that a chain recomputed from the genesis after an edit, or a truncated tail, no
 * longer matches. Copies of the checkpoints kept outside the database ({@link Verifier#outside})
 * reveal what a database administrator can still do: delete the tail, or the whole log, together
 * with the checkpoints stored beside it.
 */
public final class AuditChain {

  /** The previous hash of the first event. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** One event as stored. */
  public record Event(
      long seq,
      Instant at,
      String kind,
      String actor,
      String subject,
      String detail,
      String requirementIds,
      String prevHash,
      String hash) {}

  /** What an event says, before it is chained. */
  public record Entry(
      String kind, String actor, String subject, String detail, String requirementIds) {
    public Entry {
      kind = text(kind, "kind");
      actor = text(actor, "actor");
      subject = subject == null ? "" : subject;
      detail = detail == null ? "" : detail;
      requirementIds = requirementIds == null ? "" : requirementIds;
    }

    private static String text(String value, String field) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            "expected an audit event's " + field + "; found " + (value == null ? "none" : "blank"));
      }
      return value;
    }
  }

  /** A signed statement that the event {@code seq} had hash {@code hash}. */
  public record Checkpoint(long seq, String hash, Instant at, String jws) {}

  /** Timestamps are kept to the microsecond (what PostgreSQL stores), in UTC. */
  public static Instant truncate(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  /** The event that follows {@code prevSeq}/{@code prevHash}. */
  public static Event next(long prevSeq, String prevHash, Instant at, Entry entry) {
    long seq = prevSeq + 1;
    Instant time = truncate(at);
    return new Event(
        seq,
        time,
        entry.kind(),
        entry.actor(),
        entry.subject(),
        entry.detail(),
        entry.requirementIds(),
        prevHash,
        hash(
            seq,
            time,
            entry.kind(),
            entry.actor(),
            entry.subject(),
            entry.detail(),
            entry.requirementIds(),
            prevHash));
  }

  /**
   * SHA-256 over the fields, each as its length in bytes (4 bytes, big-endian) and its UTF-8 bytes
   * (no separator can be forged by a field's content), lower-case hex. The time is its count of
   * microseconds since the epoch, in decimal. PostgreSQL's {@code audit_field} (migration V13) with
   * AuditLog's append computes the same.
   */
  public static String hash(
      long seq,
      Instant at,
      String kind,
      String actor,
      String subject,
      String detail,
      String requirementIds,
      String prevHash) {
    MessageDigest sha = sha256();
    field(sha, Long.toString(seq));
    field(sha, Long.toString(micros(at)));
    field(sha, kind);
    field(sha, actor);
    field(sha, subject);
    field(sha, detail);
    field(sha, requirementIds);
    field(sha, prevHash);
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Microseconds since the epoch. */
  public static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }

  /** The instant of a count of microseconds since the epoch. */
  public static Instant ofMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private static void field(MessageDigest sha, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha.update(bytes);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One finding of a verification: where, what was expected, what was found. */
  public record Problem(long seq, String expected, String found) {
    @Override
    public String toString() {
      return "event " + seq + ": expected " + expected + "; found " + found;
    }
  }

  /**
   * An event recorded with a time earlier than the event before it by more than the tolerance
   * (AU-6): the clock of the server that wrote it stepped back, or servers sharing the database
   * disagree on the time. Not tampering — the event is kept where it was appended — but a reason to
   * check NTP and to read the times around it with care.
   */
  public record ClockStep(long seq, Instant at, long previousSeq, Instant previousAt) {
    /** How far the clock went back. */
    public Duration back() {
      return Duration.between(at, previousAt);
    }

    @Override
    public String toString() {
      return "event "
          + seq
          + " at "
          + at
          + " is "
          + back()
          + " earlier than event "
          + previousSeq
          + " at "
          + previousAt
          + " (the clock stepped back)";
    }
  }

  /**
   * The outcome of a verification: the problems (tampering) and, apart from them, the steps back of
   * the clock seen between consecutive events.
   */
  public record Verification(
      long events,
      long lastSeq,
      String lastHash,
      List<Problem> problems,
      List<ClockStep> clockSteps) {
    public Verification {
      problems = List.copyOf(problems);
      clockSteps = List.copyOf(clockSteps);
    }

    public Verification(long events, long lastSeq, String lastHash, List<Problem> problems) {
      this(events, lastSeq, lastHash, problems, List.of());
    }

    /** Whether nothing was tampered with (a clock step is no tampering). */
    public boolean intact() {
      return problems.isEmpty();
    }
  }

  /**
   * Checks the chain: sequence numbers contiguous from 1, each hash recomputed, each previous hash
   * the one before it; then every checkpoint whose signature holds ({@code signatureValid}) against
   * the chain: its event must exist and have its hash. A checkpoint past the last event means the
   * tail was cut off. Stops collecting after 100 problems.
   *
   * @param events in sequence order (as read with {@code order by seq})
   * @param checkpoints by sequence number
   * @param signatureValid whether a checkpoint's signature verifies with the public key
   */
  public static Verification verify(
      Iterator<Event> events,
      Map<Long, Checkpoint> checkpoints,
      Predicate<Checkpoint> signatureValid) {
    Verifier verifier = new Verifier(checkpoints, signatureValid);
    events.forEachRemaining(verifier::accept);
    return verifier.finish();
  }

  /** {@link #verify} one event at a time, for a log read as a stream. */
  public static final class Verifier {
    private final Map<Long, Checkpoint> checkpoints;
    private final Predicate<Checkpoint> signatureValid;
    private final Map<Long, List<Copy>> outside = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<ClockStep> clockSteps = new ArrayList<>();
    private Duration clockTolerance = Duration.ZERO;
    private long expectedSeq = 1;
    private String prev = GENESIS;
    private Instant prevAt;
    private long count;
    private long lastSeq;
    private String lastHash = GENESIS;

    /** A checkpoint kept outside the database, and where it was read. */
    private record Copy(Checkpoint checkpoint, String where) {}

    public Verifier(Map<Long, Checkpoint> checkpoints, Predicate<Checkpoint> signatureValid) {
      this.checkpoints = checkpoints;
      this.signatureValid = signatureValid;
    }

    /**
     * Steps back of the clock between consecutive events up to {@code tolerance} are not reported:
     * writers racing for the next sequence number, or servers sharing the database whose clocks
     * differ within the accepted skew (AU-6). Zero unless set.
     */
    public Verifier clockTolerance(Duration tolerance) {
      if (tolerance == null || tolerance.isNegative()) {
        throw new IllegalArgumentException(
            "clock tolerance: expected zero or a positive duration; found " + tolerance);
      }
      this.clockTolerance = tolerance;
      return this;
    }

    /**
     * A copy of a checkpoint kept outside the database (AU-2), read from {@code where} (a file and
     * line). Its signature must hold. It is then held against the chain like the database's own
     * checkpoints, and the database must still have its own checkpoint of that event: a copy beyond
     * the log's last event means the tail was deleted — or the whole log, when no event is left; an
     * event with another hash means the chain was rewritten; no checkpoint in the database means
     * its row was deleted. Call before the first event.
     */
    public void outside(Checkpoint copy, String where) {
      if (!signatureValid.test(copy)) {
        add(
            problems,
            new Problem(
                copy.seq(),
                "a checkpoint signed with the audit key (kept outside the database: " + where + ")",
                "a signature that fails"));
        return;
      }
      outside.computeIfAbsent(copy.seq(), k -> new ArrayList<>()).add(new Copy(copy, where));
    }

    /**
     * Starts the chain after an archived part (AU-1): the next event is {@code seq + 1} and chains
     * after {@code hash}, which a signed checkpoint (in the database or kept outside) must attest.
     */
    public void startAfter(long seq, String hash) {
      expectedSeq = seq + 1;
      prev = hash;
      prevAt = null;
      lastSeq = seq;
      lastHash = hash;
      Checkpoint pinned = checkpoints.get(seq);
      boolean attested =
          pinned != null && signatureValid.test(pinned) && pinned.hash().equals(hash)
              || outside.getOrDefault(seq, List.of()).stream()
                  .anyMatch(c -> c.checkpoint().hash().equals(hash));
      if (!attested) {
        add(
            problems,
            new Problem(
                seq,
                "the archived part to end at a signed checkpoint of hash " + hash,
                pinned == null ? "no checkpoint at " + seq : "checkpoint hash " + pinned.hash()));
      }
    }

    /** A problem found outside the chain itself (e.g. the base not announced). */
    public void problem(Problem p) {
      add(problems, p);
    }

    public void accept(Event e) {
      accept(
          e,
          hash(
              e.seq(),
              e.at(),
              e.kind(),
              e.actor(),
              e.subject(),
              e.detail(),
              e.requirementIds(),
              e.prevHash()));
    }

    /** As {@link #accept(Event)}, with the hash of its content computed elsewhere (in parallel). */
    public void accept(Event e, String recomputed) {
      count++;
      if (e.seq() != expectedSeq) {
        add(
            problems,
            new Problem(
                e.seq(),
                "sequence number " + expectedSeq + " (no gap, no reordering)",
                Long.toString(e.seq())));
      }
      if (!e.prevHash().equals(prev)) {
        add(problems, new Problem(e.seq(), "previous hash " + prev, e.prevHash()));
      }
      if (!recomputed.equals(e.hash())) {
        add(problems, new Problem(e.seq(), "hash " + recomputed + " of its content", e.hash()));
      }
      Checkpoint pinned = checkpoints.get(e.seq());
      if (pinned != null && signatureValid.test(pinned) && !pinned.hash().equals(e.hash())) {
        add(
            problems,
            new Problem(
                e.seq(),
                "the hash signed in the checkpoint of " + pinned.at() + ": " + pinned.hash(),
                e.hash()));
      }
      for (Copy copy : outside.getOrDefault(e.seq(), List.of())) {
        if (!copy.checkpoint().hash().equals(e.hash())) {
          add(
              problems,
              new Problem(
                  e.seq(),
                  "the hash signed in the checkpoint of "
                      + copy.checkpoint().at()
                      + " kept outside the database ("
                      + copy.where()
                      + "): "
                      + copy.checkpoint().hash(),
                  e.hash()));
        }
      }
      if (prevAt != null && e.at().isBefore(prevAt.minus(clockTolerance))) {
        if (clockSteps.size() < 100) {
          clockSteps.add(new ClockStep(e.seq(), e.at(), lastSeq, prevAt));
        }
      }
      prev = e.hash();
      prevAt = e.at();
      expectedSeq = e.seq() + 1;
      lastSeq = e.seq();
      lastHash = e.hash();
    }

    public Verification finish() {
      for (Checkpoint c : checkpoints.values()) {
        if (!signatureValid.test(c)) {
          add(
              problems,
              new Problem(
                  c.seq(), "a checkpoint signed with the audit key", "a signature that fails"));
        } else if (c.seq() > lastSeq) {
          add(
              problems,
              new Problem(
                  c.seq(),
                  "events up to " + c.seq() + " (signed in the checkpoint of " + c.at() + ")",
                  "the log ends at " + lastSeq + " (tail truncated)"));
        }
      }
      outsideFindings();
      return new Verification(count, lastSeq, lastHash, problems, clockSteps);
    }

    /** What the copies kept outside the database say that the database no longer does. */
    private void outsideFindings() {
      Copy furthest = null;
      int beyond = 0;
      for (List<Copy> copies : outside.values()) {
        for (Copy copy : copies) {
          Checkpoint c = copy.checkpoint();
          Checkpoint own = checkpoints.get(c.seq());
          if (c.seq() > lastSeq) {
            beyond++;
            if (furthest == null || c.seq() > furthest.checkpoint().seq()) {
              furthest = copy;
            }
          } else if (own == null) {
            add(
                problems,
                new Problem(
                    c.seq(),
                    "the database's checkpoint of event "
                        + c.seq()
                        + " (signed at "
                        + c.at()
                        + "; its copy is kept outside the database: "
                        + copy.where()
                        + ")",
                    "no checkpoint of event " + c.seq() + " in the database (deleted)"));
          } else if (signatureValid.test(own) && !own.hash().equals(c.hash())) {
            add(
                problems,
                new Problem(
                    c.seq(),
                    "the database's checkpoint of event "
                        + c.seq()
                        + " to sign hash "
                        + c.hash()
                        + " as its copy kept outside the database does ("
                        + copy.where()
                        + ")",
                    "hash " + own.hash()));
          }
        }
      }
      if (furthest != null) {
        Checkpoint c = furthest.checkpoint();
        add(
            problems,
            new Problem(
                c.seq(),
                "events up to "
                    + c.seq()
                    + " (signed in the checkpoint of "
                    + c.at()
                    + ", kept outside the database: "
                    + furthest.where()
                    + (beyond > 1 ? "; " + beyond + " copies lie past the log's end" : "")
                    + ")",
                count == 0
                    ? "no events in the database"
                        + (checkpoints.isEmpty() ? " and no checkpoints" : "")
                        + (lastSeq > 0 ? " after the archived part ending at " + lastSeq : "")
                        + " (the log deleted)"
                    : "the log ends at " + lastSeq + " (tail deleted)"));
      }
    }
  }

  private static void add(List<Problem> problems, Problem problem) {
    if (problems.size() < 100) {
      problems.add(problem);
    }
  }
}
