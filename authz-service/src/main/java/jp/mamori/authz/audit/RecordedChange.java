package jp.mamori.authz.audit;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * A change Mamori makes outside its database — in Keycloak — and the change's record in the
 * database, kept so that an auditor can rely on the record although the two cannot commit in one
 * transaction (AU-1, AU-5).
 *
 * <p>The record is a row of the feature's table (with the columns {@code id}, {@code state}, {@code
 * error} and {@code settled_at}) and its audit events. The steps, each its own transaction:
 *
 * <ol>
 *   <li><b>Request</b>: the row — what, on whom, by whom, why — is inserted {@link State#PENDING}
 *       with an audit event for the request, before anything is changed.
 *   <li><b>Change and outcome</b>: the row is locked ({@code FOR UPDATE}) and must still be
 *       pending; the change is made in Keycloak while the lock is held; the row is marked {@link
 *       State#DONE} and the action's audit event appended, and both commit together. If the commit
 *       fails, the change is made and the row still holds the request: {@link Unrecorded}.
 *   <li>If Keycloak fails, the row is <b>settled by reading Keycloak</b> ({@link #settle}): done if
 *       the action's effect shows there (a call that timed out may have been carried out all the
 *       same), {@link State#FAILED} with the error if not, left pending if Keycloak cannot be read.
 * </ol>
 *
 * <p>A row left pending — the database failed after the change, the service stopped in between — is
 * settled the same way by the feature's settling (at its next action on that account and by the
 * periodic job over every {@link Settling} feature). Settling skips rows that an action in flight
 * holds ({@code SKIP LOCKED}), and an action finds its row settled already (and does nothing) if a
 * settling run took it in the moment between the request and the lock. Settling never changes
 * Keycloak, it only reads it: a change made minutes late could undo a later decision (a lock after
 * the unlock, or the reverse). What it cannot see stays unproven: a pending "lost" is done when the
 * authenticator is suspended, whether or not every session was ended.
 *
 * <p>Two orders, chosen by what a failure leaves ({@link Order}):
 *
 * <ul>
 *   <li>{@link Order#RECORD_FIRST}, for changes that lower security (unlock, reinstate, an
 *       authenticator found or registered): nothing is changed unless the request is on record. If
 *       the database refuses it, the caller gets the database's error and Keycloak is untouched;
 *       such a change is never in effect without at least its pending record.
 *   <li>{@link Order#CHANGE_REGARDLESS}, for changes that raise it (a lock on the owner's report, a
 *       lost authenticator suspended, a forced password change): the request is written first when
 *       the database takes it; when it does not, the change is made all the same — a person who
 *       says "that wasn't me" must be locked out while the database is down too — and recorded
 *       afterwards if the database takes it by then. If it does not, {@link Unrecorded} tells the
 *       caller and the error log names the action, to be recorded by hand.
 * </ul>
 */
public final class RecordedChange {

  private static final Logger log = LoggerFactory.getLogger(RecordedChange.class);

  /** The length of the {@code error} column. */
  private static final int TEXT_MAX = 1000;

  /** Which comes first when the database fails: the record, or the change. */
  public enum Order {
    /** No change without its request on record (the change lowers security). */
    RECORD_FIRST,
    /** The change even when the database refuses its record (the change raises security). */
    CHANGE_REGARDLESS
  }

  /** A row's state: requested and not known to be made; made; not made. */
  public enum State {
    PENDING,
    DONE,
    FAILED
  }

  /** How an action ended, as its row and its audit event say. */
  public sealed interface Outcome {
    State state();

    /** The error, or for a done action how its effect was found; none when it went as asked. */
    Optional<String> text();

    /** Made: by the action itself, or found in effect when Keycloak was read ({@code note}). */
    record Done(Optional<String> note) implements Outcome {
      public Done {
        Objects.requireNonNull(note, "note");
      }

      @Override
      public State state() {
        return State.DONE;
      }

      @Override
      public Optional<String> text() {
        return note;
      }
    }

    /** Not made (or undone since): Keycloak's error, or what reading Keycloak found. */
    record Failed(String error) implements Outcome {
      public Failed {
        Objects.requireNonNull(error, "error");
      }

      @Override
      public State state() {
        return State.FAILED;
      }

      @Override
      public Optional<String> text() {
        return Optional.of(error);
      }
    }
  }

  /**
   * One action's record in the feature's table, and how to read its effect in Keycloak. {@link
   * RecordedChange} opens the transactions; the methods that write append their audit events in
   * them.
   */
  public interface Journal {
    /** The action for messages and the log, by identifiers only ("UNLOCK of 62001 by sato"). */
    String what();

    /** Inserts the row {@link State#PENDING} and appends the request; answers the row's ID. */
    long intend();

    /**
     * Inserts the row {@link State#DONE} and appends the action, after a change made without a
     * request on record ({@link Order#CHANGE_REGARDLESS} only); answers the row's ID.
     */
    long recordAfter();

    /** Appends the outcome of the row {@code id}, whose state is already set (in the same tx). */
    void settled(long id, Outcome outcome);

    /** Whether the action's effect shows in Keycloak now; throws if Keycloak cannot be read. */
    boolean inEffect();

    /**
     * What else could have brought the effect about, for the record of a row settled done later —
     * e.g. a temporary lock that ends by itself: an unlock found in effect may not have been made.
     * Empty when nothing else could.
     */
    default Optional<String> otherCause() {
      return Optional.empty();
    }
  }

  /**
   * A feature whose changes may be left pending (the database failed after Keycloak changed, or the
   * service stopped in between): the settling job ({@code PendingSettling}) runs each feature's
   * {@link #settlePending()} in turn. It needs no claim of its own: {@link #settle} skips rows an
   * action in flight holds and settles a row once.
   */
  public interface Settling {
    /** The feature's changes, for the log ("account actions"). */
    String changes();

    /**
     * Settles every row left pending, except those an action in flight holds, by reading Keycloak
     * ({@link #settle}); answers how many were settled.
     */
    int settlePending();
  }

  /**
   * The change is made in Keycloak but its record is not complete: with {@link #pending()}, the
   * request (who, what, on whom, why) is on record and a settling run completes it by reading
   * Keycloak; without it, nothing is recorded and the action must be recorded by hand (the error
   * log names it). Repeating the action does not help — it is made; the database needs repair.
   */
  public static final class Unrecorded extends Refusal {
    private static final long serialVersionUID = 1L;

    private final transient OptionalLong pending;

    Unrecorded(String message, OptionalLong pending, Throwable cause) {
      super(
          Fault.INCOMPLETE,
          "CHANGED_NOT_FULLY_RECORDED",
          new Bilingual("変更しましたが記録が完了していません", "changed, but not fully recorded"),
          message,
          cause,
          "AU-1");
      this.pending = pending;
    }

    /** The row that holds the request until settled; empty when nothing could be recorded. */
    public OptionalLong pending() {
      return pending;
    }
  }

  private enum Step {
    LOCK,
    CHANGE,
    RECORD
  }

  private final String table;
  private final RecordedChangeStore rows;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * @param rows the feature's table of actions ({@link RecordedChangeStore}): the feature's store
   *     makes it, and reads the rows left pending ({@link RecordedChangeStore#pendingRows})
   */
  public RecordedChange(RecordedChangeStore rows, AuditLog audit, Clock clock) {
    this.table = rows.table();
    this.rows = rows;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Makes {@code change} with its record, in {@code order}. Returns normally only when the change
   * is made and recorded done.
   *
   * @throws Unrecorded when the change is made but its record is not complete
   * @throws RuntimeException the database's error when the request could not be recorded ({@link
   *     Order#RECORD_FIRST}: nothing changed), or the change's own when Keycloak failed (the row
   *     says failed, or pending if Keycloak could not be read afterwards)
   */
  public void make(Order order, Journal journal, Runnable change) {
    long id;
    try {
      id = audit.inTransaction(journal::intend);
    } catch (RuntimeException refused) {
      if (order == Order.RECORD_FIRST) {
        throw refused; // no record, so no change: Keycloak stays as it was
      }
      changeUnrecorded(journal, change, refused);
      return;
    }
    Step[] step = {Step.LOCK};
    try {
      audit.inTransaction(() -> {
        if (!lockPending(id, false)) {
          throw new IllegalStateException(
              journal.what()
                  + ": expected its request "
                  + table
                  + " #"
                  + id
                  + " to be pending; found it settled by a settling run before the change was"
                  + " made: nothing was changed, do it again");
        }
        step[0] = Step.CHANGE;
        change.run();
        step[0] = Step.RECORD;
        Outcome done = new Outcome.Done(Optional.empty());
        mark(id, done);
        journal.settled(id, done);
        return null;
      });
    } catch (RuntimeException e) {
      switch (step[0]) {
        case LOCK -> notLocked(order, id, journal, change, e);
        case CHANGE -> {
          settleAfter(id, journal, e);
          throw e;
        }
        case RECORD -> throw unrecorded(journal, OptionalLong.of(id), e);
      }
    }
  }

  /**
   * Settles the pending row {@code id} by reading Keycloak: done if the action's effect shows
   * there, failed (with {@code failure}, or what was found) if not. Answers whether it settled it:
   * not when an action in flight holds the row, when it is settled already, or when Keycloak cannot
   * be read (logged; the next settling tries again). Never changes Keycloak.
   */
  public boolean settle(long id, Journal journal, Optional<String> failure) {
    return Boolean.TRUE.equals(
        audit.inTransaction(() -> {
          if (!lockPending(id, true)) {
            return false;
          }
          boolean inEffect;
          try {
            inEffect = journal.inEffect();
          } catch (RuntimeException e) {
            log.warn(
                "{}: {} #{} stays pending: Keycloak could not be read to settle it ({})",
                journal.what(),
                table,
                id,
                e.getMessage());
            return false;
          }
          Outcome outcome =
              inEffect
                  ? new Outcome.Done(
                      Optional.of(
                          failure
                                  .map(
                                      f -> "Keycloak answered an error (" + f + "), yet the effect")
                                  .orElse("settled later: the effect")
                              + " shows in Keycloak"
                              + journal.otherCause().map(c -> "; " + c).orElse("")))
                  : new Outcome.Failed(
                      failure.orElse(
                          "settled later: the effect does not show in Keycloak (not made, or"
                              + " undone since)"));
          mark(id, outcome);
          journal.settled(id, outcome);
          log.info("{}: {} #{} settled {}", journal.what(), table, id, outcome.state());
          return true;
        }));
  }

  /** The request is on record but the row could not be locked to make the change. */
  private void notLocked(
      Order order, long id, Journal journal, Runnable change, RuntimeException e) {
    if (order == Order.RECORD_FIRST) {
      throw e; // not changed: the row stays pending until a settling run finds it not in effect
    }
    log.error(
        "{}: {} #{} could not be taken ({}); making the change all the same (it raises security)",
        journal.what(),
        table,
        id,
        cause(e));
    try {
      change.run();
    } catch (RuntimeException failed) {
      failed.addSuppressed(e);
      settleAfter(id, journal, failed);
      throw failed;
    }
    try {
      audit.inTransaction(() -> {
        if (lockPending(id, false)) {
          Outcome done = new Outcome.Done(Optional.empty());
          mark(id, done);
          journal.settled(id, done);
        } else {
          journal.recordAfter(); // settled meanwhile (found not yet made): this is the change
        }
        return null;
      });
    } catch (RuntimeException again) {
      again.addSuppressed(e);
      throw unrecorded(journal, OptionalLong.of(id), again);
    }
  }

  /** The database refused the request of a change that raises security: made, then recorded. */
  private void changeUnrecorded(Journal journal, Runnable change, RuntimeException refused) {
    log.error(
        "{}: the database refused its request ({}); making the change all the same (it raises"
            + " security) and recording it after",
        journal.what(),
        cause(refused));
    try {
      change.run();
    } catch (RuntimeException failed) {
      failed.addSuppressed(refused);
      throw failed; // neither made nor recorded
    }
    try {
      audit.inTransaction(journal::recordAfter);
    } catch (RuntimeException again) {
      again.addSuppressed(refused);
      throw unrecorded(journal, OptionalLong.empty(), again);
    }
  }

  /** After Keycloak failed: settles the row if possible, else leaves it pending (logged). */
  private void settleAfter(long id, Journal journal, RuntimeException failure) {
    try {
      if (!settle(id, journal, Optional.of(describe(failure)))) {
        log.warn(
            "{}: {} #{} stays pending after Keycloak failed ({})",
            journal.what(),
            table,
            id,
            failure.getMessage());
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      log.error(
          "{}: {} #{} stays pending: after Keycloak failed ({}), the outcome could not be recorded"
              + " ({})",
          journal.what(),
          table,
          id,
          failure.getMessage(),
          cause(e));
    }
  }

  private Unrecorded unrecorded(Journal journal, OptionalLong pending, RuntimeException cause) {
    String message =
        pending.isPresent()
            ? journal.what()
                + ": made in Keycloak, but its record could not be completed (記録を完了できませんでした):"
                + " the request stays pending as "
                + table
                + " #"
                + pending.getAsLong()
                + " until a settling run reads Keycloak and marks it; do not repeat the action,"
                + " the database needs attention"
            : journal.what()
                + ": made in Keycloak, but not recorded (記録できませんでした): the database refused the"
                + " request and the record; record it by hand and repair the database";
    log.error("{} (database: {})", message, cause(cause));
    return new Unrecorded(message, pending, cause);
  }

  private boolean lockPending(long id, boolean skipLocked) {
    return rows.lockPending(id, skipLocked);
  }

  private void mark(long id, Outcome outcome) {
    rows.mark(
        id,
        outcome.state(),
        outcome.text().map(RecordedChange::clip).orElse(null),
        clock.instant());
  }

  /** The database's own words for a failure (not the statement Spring wraps them in). */
  private static String cause(RuntimeException e) {
    return String.valueOf(NestedExceptionUtils.getMostSpecificCause(e).getMessage());
  }

  /** An exception's message for the {@code error} column (no stack, no cause chain). */
  public static String describe(RuntimeException e) {
    return clip(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static String clip(String text) {
    return text.length() > TEXT_MAX ? text.substring(0, TEXT_MAX) : text;
  }
}
