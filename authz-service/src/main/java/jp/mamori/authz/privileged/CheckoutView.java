package jp.mamori.authz.privileged;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A request or checkout of a privileged ID as the API shows it (PR-1, PR-4, PR-5). Instants and
 * durations are ISO-8601 text. The members marked "absent" are left out of the JSON (not written as
 * {@code null}) until they have a value, as they always were.
 *
 * @param id the checkout
 * @param account the privileged ID
 * @param requester who asked
 * @param purpose what for
 * @param ticket the change ticket
 * @param emergency whether an emergency use
 * @param state where it stands ({@link Checkout.State})
 * @param stateJa the state for people, in Japanese
 * @param stateEn the same in English
 * @param requestedAt when asked
 * @param windowStart when the window starts
 * @param duration how long
 * @param approvalDeadline when an unanswered request lapses
 * @param approver who decided; absent until decided
 * @param decidedAt when; absent until decided
 * @param activatedAt when taken; absent until then
 * @param expiresAt when it ends; absent until taken
 * @param revealedAt when the password was shown; absent until then
 * @param checkedInAt when returned; absent until then
 * @param checkedInBy who returned it; absent until then
 * @param rotationAttempts failed password changes so far; absent while none
 * @param lastError the last rotation failure; absent while none
 * @param reportDueAt when the emergency report is due; absent for ordinary checkouts
 * @param reportedAt when it was reported; absent until then
 * @param afterApprover who approved an emergency use afterwards; absent until then
 * @param reportOverdue whether the emergency report is overdue now
 * @param events the recorded steps; present only in {@code GET /api/privileged/checkouts/{id}}
 * @param password the directory password, present once, in the answer to taking a directory
 *     checkout (sent with {@code Cache-Control: no-store}); never shown by {@link #toString()}
 * @param notice that the password is shown once and changed at check-in; present with it
 */
record CheckoutView(
    long id,
    String account,
    String requester,
    String purpose,
    String ticket,
    boolean emergency,
    String state,
    String stateJa,
    String stateEn,
    String requestedAt,
    String windowStart,
    String duration,
    String approvalDeadline,
    @JsonInclude(JsonInclude.Include.NON_NULL) String approver,
    @JsonInclude(JsonInclude.Include.NON_NULL) String decidedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String activatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String expiresAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String revealedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String checkedInAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String checkedInBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer rotationAttempts,
    @JsonInclude(JsonInclude.Include.NON_NULL) String lastError,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reportDueAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reportedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String afterApprover,
    boolean reportOverdue,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<CheckoutEvent> events,
    @JsonInclude(JsonInclude.Include.NON_NULL) String password,
    @JsonInclude(JsonInclude.Include.NON_NULL) String notice) {

  /** The checkout as it stands at {@code now} (which decides {@code reportOverdue}). */
  static CheckoutView of(Checkout c, Instant now) {
    return new CheckoutView(
        c.id(),
        c.accountId(),
        c.requester(),
        c.purpose(),
        c.ticket(),
        c.emergency(),
        c.state().name(),
        c.state().ja(),
        c.state().en(),
        c.requestedAt().toString(),
        c.windowStart().toString(),
        c.duration().toString(),
        c.approvalDeadline().toString(),
        c.approver().orElse(null),
        c.decidedAt().map(Instant::toString).orElse(null),
        c.activatedAt().map(Instant::toString).orElse(null),
        c.expiresAt().map(Instant::toString).orElse(null),
        c.revealedAt().map(Instant::toString).orElse(null),
        c.checkedInAt().map(Instant::toString).orElse(null),
        c.checkedInBy().orElse(null),
        c.rotationAttempts() > 0 ? c.rotationAttempts() : null,
        c.lastError().orElse(null),
        c.reportDueAt().map(Instant::toString).orElse(null),
        c.reportedAt().map(Instant::toString).orElse(null),
        c.afterApprover().orElse(null),
        c.reportOverdue(now),
        null,
        null,
        null);
  }

  /** The same checkout with its recorded steps. */
  CheckoutView withEvents(List<CheckoutEvent> events) {
    return with(List.copyOf(events), password, notice);
  }

  /** The same checkout with the password shown once and the notice that says so. */
  CheckoutView withPassword(String password, String notice) {
    return with(events, password, notice);
  }

  /** The same checkout with its recorded steps, the password and the notice given. */
  private CheckoutView with(List<CheckoutEvent> events, String password, String notice) {
    return new CheckoutView(
        id,
        account,
        requester,
        purpose,
        ticket,
        emergency,
        state,
        stateJa,
        stateEn,
        requestedAt,
        windowStart,
        duration,
        approvalDeadline,
        approver,
        decidedAt,
        activatedAt,
        expiresAt,
        revealedAt,
        checkedInAt,
        checkedInBy,
        rotationAttempts,
        lastError,
        reportDueAt,
        reportedAt,
        afterApprover,
        reportOverdue,
        events,
        password,
        notice);
  }

  /** Never shows the password, the purpose or the last error; identifiers and the state only. */
  @Override
  public String toString() {
    return "CheckoutView[#"
        + id
        + ", "
        + account
        + ", "
        + requester
        + ", "
        + state
        + (password == null ? "" : ", password=…")
        + "]";
  }
}
