package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.policy.PrivilegedAccessRules;

/**
 * The rules of a privileged checkout, pure (no I/O, the time is given): who may ask, who may
 * approve, when a request may be taken. Each method returns normally when the step is allowed and
 * throws {@link Refused} naming the rule and its requirement ID when it is not. Deny by default: an
 * unknown employment type counts as contractor staff.
 */
final class CheckoutRules {

  /** The shortest checkout asked for: anything shorter is a typing error. */
  static final Duration MIN_DURATION = Duration.ofMinutes(5);

  /** How far ahead a checkout may be requested. */
  static final Duration MAX_LEAD = Duration.ofDays(30);

  private final PrivilegedAccessRules policy;

  CheckoutRules(PrivilegedAccessRules policy) {
    this.policy = policy;
  }

  /** A person as the rules see them: contractor staff (受託事業者・派遣) or not, or unknown. */
  enum Affiliation {
    STAFF,
    CONTRACTOR,
    UNKNOWN;

    boolean mayChangeOrApprove() {
      return this == STAFF;
    }
  }

  void requireMayRegister(String actor, Affiliation affiliation) {
    if (!affiliation.mayChangeOrApprove()) {
      throw contractor(actor, new Bilingual("特権IDの登録・変更", "register or change privileged IDs"));
    }
  }

  /** At registration: the account's longest checkout is at most the policy's (PR-5). */
  void requireWithinPolicy(PrivilegedAccount account) {
    if (account.maxDuration().compareTo(policy.maxCheckout()) > 0) {
      throw new Refused(
          Refused.Fault.INVALID,
          "DURATION_OUT_OF_RANGE",
          new Bilingual(
              "最長貸出時間はポリシーの privileged.maxCheckout (" + policy.maxCheckout() + ") 以下にしてください",
              "maxDuration: expected at most the policy's privileged.maxCheckout ("
                  + policy.maxCheckout()
                  + "), found "
                  + account.maxDuration()),
          "PR-5");
    }
  }

  /**
   * A text the record needs (purpose, ticket, reason, report): given, and at most {@code max}
   * characters once stripped (AU-5).
   */
  static void requireText(String field, String value, int max) {
    if (value == null || value.isBlank() || value.strip().length() > max) {
      throw new Refused(
          Refused.Fault.INVALID,
          "MISSING_" + field.toUpperCase(Locale.ROOT),
          new Bilingual(
              field + " を 1〜" + max + " 文字で入力してください",
              field
                  + ": expected 1–"
                  + max
                  + " characters, found "
                  + (value == null || value.isBlank() ? "none" : value.strip().length())),
          "AU-5");
    }
  }

  /**
   * A person under a sanction (GV-4) takes no privileged checkout; {@code sanction} describes it.
   */
  static void requireNotSanctioned(String person, Optional<String> sanction) {
    sanction.ifPresent(what -> {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "SANCTIONED",
          new Bilingual(
              person + " は処分により特権IDを利用できません: " + what,
              person + " may not use privileged IDs under a sanction: " + what),
          "GV-4");
    });
  }

  /**
   * A request as it is first stored. An emergency use is approved at once and its report is due
   * within {@code privileged.emergencyReportWithin}; any other request waits for approval until the
   * earlier of {@code privileged.approvalTimeout} from now and the end of its window.
   *
   * @param windowStart when the checkout may be taken from, not before {@code requestedAt}
   */
  record Requested(
      PrivilegedAccount account,
      String requester,
      String purpose,
      String ticket,
      boolean emergency,
      Instant requestedAt,
      Instant windowStart,
      Duration duration,
      Instant approvalDeadline,
      Optional<Instant> reportDueAt) {

    Checkout.State state() {
      return emergency ? Checkout.State.APPROVED : Checkout.State.REQUESTED;
    }

    /** An emergency use is decided when it is taken; a request when an approver decides. */
    Optional<Instant> decidedAt() {
      return emergency ? Optional.of(requestedAt) : Optional.empty();
    }
  }

  /**
   * A request (or an emergency use) of {@code account} by {@code requester}, checked by {@link
   * #requireMayRequest}; {@code start} null or past means now. Purpose and ticket are stored
   * stripped.
   */
  Requested requested(
      PrivilegedAccount account,
      String requester,
      String purpose,
      String ticket,
      Instant start,
      Duration duration,
      boolean emergency,
      Instant now) {
    Instant from = start == null || start.isBefore(now) ? now : start;
    requireMayRequest(account, requester, duration, from, emergency, now);
    Instant deadline =
        emergency ? now : earlier(now.plus(policy.approvalTimeout()), from.plus(duration));
    return new Requested(
        account,
        requester,
        purpose.strip(),
        ticket.strip(),
        emergency,
        now,
        from,
        duration,
        deadline,
        emergency ? Optional.of(now.plus(policy.emergencyReportWithin())) : Optional.empty());
  }

  /** A request (or an emergency use) of {@code account} by {@code requester}. */
  void requireMayRequest(
      PrivilegedAccount account,
      String requester,
      Duration duration,
      Instant start,
      boolean emergency,
      Instant now) {
    if (!account.active()) {
      throw retired(account);
    }
    if (!account.eligible().contains(requester)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_ELIGIBLE",
          new Bilingual(
              requester + " はこの特権IDの利用者として登録されていません (最小限の利用者)",
              requester + " is not among the staff eligible for this privileged ID (the minimum)"),
          "PR-1");
    }
    Duration max = maxDuration(account);
    if (duration == null || duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(max) > 0) {
      throw new Refused(
          Refused.Fault.INVALID,
          "DURATION_OUT_OF_RANGE",
          new Bilingual(
              "貸出時間は " + MIN_DURATION + " 以上 " + max + " 以下で指定してください (指定: " + duration + ")",
              "expected a duration from " + MIN_DURATION + " to " + max + ", found " + duration),
          "PR-5");
    }
    if (start.isBefore(now.minus(Duration.ofMinutes(5))) || start.isAfter(now.plus(MAX_LEAD))) {
      throw new Refused(
          Refused.Fault.INVALID,
          "START_OUT_OF_RANGE",
          new Bilingual(
              "開始日時は現在から " + MAX_LEAD.toDays() + " 日以内で指定してください (指定: " + start + ")",
              "expected a start from now to " + MAX_LEAD.toDays() + " days ahead, found " + start),
          "PR-5");
    }
    if (emergency && !account.emergencyAllowed()) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "EMERGENCY_NOT_ALLOWED",
          new Bilingual(
              "この特権IDは緊急利用が認められていません: 通常の申請で承認を得てください",
              "emergency use is not allowed for this privileged ID: request it and wait for approval"),
          "GV-3");
    }
  }

  /** The approval of {@code checkout} by {@code approver}. */
  void requireMayApprove(
      PrivilegedAccount account,
      Checkout checkout,
      String approver,
      Affiliation affiliation,
      Instant now) {
    if (approver.equals(checkout.requester())) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "SELF_APPROVAL",
          new Bilingual(
              "自分の申請は承認できません (二人以上での相互確認)", "nobody approves their own request (two-person rule)"),
          "PR-6");
    }
    if (!affiliation.mayChangeOrApprove()) {
      throw contractor(approver, new Bilingual("特権IDの承認", "approve privileged checkouts"));
    }
    if (!account.approvers().contains(approver)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_AN_APPROVER",
          new Bilingual(
              approver + " はこの特権IDの承認者として登録されていません",
              approver + " is not an approver of this privileged ID"),
          "PR-2");
    }
    boolean afterTheFact = checkout.emergency() && checkout.afterApprover().isEmpty();
    if (!afterTheFact && checkout.state() != Checkout.State.REQUESTED) {
      throw state(checkout, new Bilingual("承認", "approved"));
    }
    if (!afterTheFact && now.isAfter(checkout.approvalDeadline())) {
      throw new Refused(
          Refused.Fault.CONFLICT,
          "REQUEST_EXPIRED",
          new Bilingual(
              "申請の承認期限 (" + checkout.approvalDeadline() + ") を過ぎています: 改めて申請してください",
              "the request's approval deadline (" + checkout.approvalDeadline() + ") has passed"),
          "PR-5");
    }
  }

  /**
   * The rejection of {@code checkout} by {@code approver}: as an approval, and never of an
   * emergency use (which is checked in instead).
   */
  void requireMayReject(
      PrivilegedAccount account,
      Checkout checkout,
      String approver,
      Affiliation affiliation,
      Instant now) {
    if (checkout.emergency()) {
      throw state(
          checkout, new Bilingual("却下", "rejected (an emergency use is checked in instead)"));
    }
    requireMayApprove(account, checkout, approver, affiliation, now);
  }

  /** Withdrawing a request before it is taken: by its requester only. */
  static void requireMayCancel(Checkout checkout, String requester) {
    if (!checkout.requester().equals(requester)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_THE_REQUESTER",
          new Bilingual("取下げは申請者本人だけができます", "only the requester withdraws a request"),
          "PR-2");
    }
  }

  /** The after-the-fact report of an emergency use: by the person who took it (GV-3). */
  static void requireMayReport(Checkout checkout, String holder) {
    if (!checkout.emergency() || !checkout.requester().equals(holder)) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_AN_EMERGENCY_OF_YOURS",
          new Bilingual(
              "事後報告は緊急利用した本人が行います",
              "the after-the-fact report is made by the person who took the emergency use"),
          "GV-3");
    }
  }

  /** Returning a checkout: only one that is taken. */
  static void requireMayCheckIn(Checkout checkout) {
    if (checkout.state() != Checkout.State.ACTIVE) {
      throw state(checkout, new Bilingual("返却", "checked in"));
    }
  }

  /** An account that is retired gives no new checkout. */
  static void requireActive(PrivilegedAccount account) {
    if (!account.active()) {
      throw retired(account);
    }
  }

  /** Taking an approved checkout. */
  void requireMayActivate(Checkout checkout, String holder, Instant now) {
    if (!holder.equals(checkout.requester())) {
      throw new Refused(
          Refused.Fault.FORBIDDEN,
          "NOT_THE_REQUESTER",
          new Bilingual("貸出を受けられるのは申請者本人だけです", "only the requester takes the checkout"),
          "LC-6");
    }
    if (checkout.state() != Checkout.State.APPROVED) {
      throw state(checkout, new Bilingual("貸出", "taken"));
    }
    if (now.isBefore(checkout.windowStart())) {
      throw new Refused(
          Refused.Fault.CONFLICT,
          "NOT_YET",
          new Bilingual(
              "貸出は " + checkout.windowStart() + " から受けられます",
              "the checkout can be taken from " + checkout.windowStart()),
          "PR-5");
    }
    if (!now.isBefore(checkout.windowEnd())) {
      throw new Refused(
          Refused.Fault.CONFLICT,
          "WINDOW_PASSED",
          new Bilingual(
              "承認された時間帯 (" + checkout.windowEnd() + " まで) を過ぎています",
              "the approved window ended at " + checkout.windowEnd()),
          "PR-5");
    }
  }

  /** The duration a checkout of {@code account} may last. */
  Duration maxDuration(PrivilegedAccount account) {
    return account.maxDuration().compareTo(policy.maxCheckout()) < 0
        ? account.maxDuration()
        : policy.maxCheckout();
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** {@code what}: the operation refused, in both languages ("approve privileged checkouts"). */
  private static Refused contractor(String who, Bilingual what) {
    return new Refused(
        Refused.Fault.FORBIDDEN,
        "CONTRACTOR_MAY_NOT",
        new Bilingual(
            who + " は職員であることを確認できないため (受託事業者・派遣・不明) " + what.ja() + " はできません",
            who
                + " is not confirmed as municipal staff (contractor, dispatched or unknown) and may not "
                + what.en()),
        "PR-3");
  }

  static Refused retired(PrivilegedAccount account) {
    return new Refused(
        Refused.Fault.CONFLICT,
        "ACCOUNT_RETIRED",
        new Bilingual(
            "特権ID " + account.id() + " は廃止されています", "privileged ID " + account.id() + " is retired"),
        "PR-1");
  }

  /** {@code what}: the step the checkout's state does not allow, in both languages ("approved"). */
  static Refused state(Checkout checkout, Bilingual what) {
    return new Refused(
        Refused.Fault.CONFLICT,
        "WRONG_STATE",
        new Bilingual(
            "この申請は " + checkout.state().ja() + " のため" + what.ja() + "できません",
            "this request is " + checkout.state().en() + " and cannot be " + what.en()),
        "PR-2");
  }
}
