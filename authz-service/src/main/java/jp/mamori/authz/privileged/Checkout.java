package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jp.mamori.authz.shared.Bilingual;

/**
 * A request for a privileged ID and, once approved and taken, its checkout (貸出).
 *
 * @param windowStart when the requester wants to start; the checkout can be taken from then until
 *     {@code windowStart + duration}
 * @param duration how long the checkout lasts once taken, at most the account's maximum (PR-5)
 * @param approvalDeadline a request not approved by then expires
 * @param expiresAt the stored deadline of a taken checkout: check-in happens then, whatever the
 *     service was doing (it is read from the database, never kept in a timer)
 * @param reportDueAt for an emergency use: when the after-the-fact report and approval are due
 */
public record Checkout(
    long id,
    String accountId,
    String requester,
    String purpose,
    String ticket,
    boolean emergency,
    State state,
    Instant requestedAt,
    Instant windowStart,
    Duration duration,
    Instant approvalDeadline,
    Optional<String> approver,
    Optional<Instant> decidedAt,
    Optional<Instant> activatedAt,
    Optional<Instant> expiresAt,
    Optional<Instant> revealedAt,
    Optional<Instant> checkedInAt,
    Optional<String> checkedInBy,
    int rotationAttempts,
    Optional<String> lastError,
    Optional<Instant> reportDueAt,
    Optional<Instant> reportedAt,
    Optional<String> afterApprover) {

  /** Where a request or checkout stands. */
  public enum State {
    /** Waiting for approval. */
    REQUESTED("承認待ち", "awaiting approval"),
    /** Approved; the requester may take it within its window. */
    APPROVED("承認済み", "approved"),
    /** Taken: the holder has the password or the role until {@code expiresAt}. */
    ACTIVE("貸出中", "checked out"),
    /** Taken back; the password was rotated or the role removed. */
    CHECKED_IN("返却済み", "checked in"),
    /** Taken back, but the password could not be changed yet: retried until it is. */
    ROTATION_PENDING("返却処理中 (パスワード変更待ち)", "check-in pending: password not yet rotated"),
    /** Refused by an approver. */
    REJECTED("却下", "rejected"),
    /** Not approved in time, or approved and never taken within its window. */
    EXPIRED("期限切れ", "expired"),
    /** Withdrawn by the requester before it was taken. */
    CANCELLED("取下げ", "withdrawn");

    private final Bilingual text;

    State(String ja, String en) {
      this.text = new Bilingual(ja, en);
    }

    /** The name for people, in both languages. */
    public Bilingual text() {
      return text;
    }

    public String ja() {
      return text.ja();
    }

    public String en() {
      return text.en();
    }
  }

  /** The end of the window in which an approved request can be taken. */
  public Instant windowEnd() {
    return windowStart.plus(duration);
  }

  /** An emergency use whose after-the-fact report or approval is missing past its due time. */
  public boolean reportOverdue(Instant now) {
    return emergency
        && reportDueAt.isPresent()
        && now.isAfter(reportDueAt.get())
        && (reportedAt.isEmpty() || afterApprover.isEmpty());
  }
}
