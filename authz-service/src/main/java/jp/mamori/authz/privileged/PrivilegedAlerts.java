package jp.mamori.authz.privileged;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.shared.Bilingual;

/**
 * Every alert and notice about privileged IDs, in Japanese and English, in one place: the kinds,
 * their subjects (one open alert per kind and subject, so a job that runs every few seconds raises
 * each once) and their texts. Called inside the transaction of the step it reports.
 */
final class PrivilegedAlerts {

  static final String EMERGENCY_USE = "PRIVILEGED_EMERGENCY_USE";
  static final String REPORT_OVERDUE = "PRIVILEGED_EMERGENCY_REPORT_OVERDUE";
  static final String ROTATION_FAILED = "PRIVILEGED_ROTATION_FAILED";
  static final String OUT_OF_WINDOW = "PRIVILEGED_OUT_OF_WINDOW";
  static final String HOLDER_STOP_FAILED = "PRIVILEGED_HOLDER_STOP_FAILED";

  private final Alerts alerts;

  PrivilegedAlerts(Alerts alerts) {
    this.alerts = alerts;
  }

  static String checkoutSubject(long checkoutId) {
    return "privileged-checkout/" + checkoutId;
  }

  static String accountSubject(String accountId) {
    return "privileged-account/" + accountId;
  }

  /** An emergency use without prior approval: an alert, and a notice to approvers and owner. */
  void emergencyUse(PrivilegedAccount account, long checkoutId, String requester, String purpose) {
    alerts.raise(
        EMERGENCY_USE,
        checkoutSubject(checkoutId),
        new Bilingual(
            requester + " が特権ID " + account.id() + " を緊急利用しました (事前承認なし): " + purpose,
            requester
                + " took privileged ID "
                + account.id()
                + " in an emergency without prior"
                + " approval: "
                + purpose),
        "GV-3");
    Set<String> told = new TreeSet<>(account.approvers());
    told.add(account.owner());
    told.remove(requester);
    for (String recipient : told) {
      alerts.notify(
          recipient,
          "特権ID " + account.id() + " の緊急利用 (事後承認が必要です)",
          "Emergency use of privileged ID " + account.id() + " (approval needed afterwards)",
          "checkout " + checkoutId + " by " + requester + ": " + purpose);
    }
  }

  void reportOverdue(Checkout c) {
    alerts.raise(
        REPORT_OVERDUE,
        checkoutSubject(c.id()),
        new Bilingual(
            "特権ID "
                + c.accountId()
                + " の緊急利用 ("
                + c.requester()
                + ") の事後報告・事後承認が期限 "
                + c.reportDueAt().orElseThrow()
                + " を過ぎています",
            "the report or after-the-fact approval of the emergency use of "
                + c.accountId()
                + " by "
                + c.requester()
                + " was due "
                + c.reportDueAt().orElseThrow()),
        "GV-3");
  }

  void reportOverdueResolved(long checkoutId, String by) {
    alerts.resolve(REPORT_OVERDUE, checkoutSubject(checkoutId), by);
  }

  /** The check-in could not rotate the password: retried, no new checkout meanwhile (PR-4). */
  void checkInRotationFailed(long checkoutId, String accountId, String why) {
    alerts.raise(
        ROTATION_FAILED,
        checkoutSubject(checkoutId),
        new Bilingual(
            "特権ID " + accountId + " の返却時のパスワード変更に失敗しました (再試行中。貸出は停止): " + why,
            "could not rotate the password of privileged ID "
                + accountId
                + " at check-in (retrying; no new checkout meanwhile): "
                + why),
        "PR-4");
  }

  void checkInRotated(long checkoutId, String by) {
    alerts.resolve(ROTATION_FAILED, checkoutSubject(checkoutId), by);
  }

  /** A periodic rotation, or one of every ID, failed for one account (PR-4). */
  void rotationFailed(String accountId, boolean periodic, String why) {
    alerts.raise(
        ROTATION_FAILED,
        accountSubject(accountId),
        new Bilingual(
            "特権ID "
                + accountId
                + (periodic ? " の定期パスワード変更に失敗しました: " : " の一斉パスワード変更に失敗しました: ")
                + why,
            (periodic ? "periodic password rotation" : "password rotation of every privileged ID")
                + " failed for "
                + accountId
                + ": "
                + why),
        "PR-4");
  }

  void rotated(String accountId, String by) {
    alerts.resolve(ROTATION_FAILED, accountSubject(accountId), by);
  }

  /** Someone held a privileged role outside any approved checkout (PR-2). */
  void roleOutOfWindow(PrivilegedAccount account, String holder, boolean removed) {
    alerts.raise(
        OUT_OF_WINDOW,
        accountSubject(account.id()) + "/" + holder,
        new Bilingual(
            holder
                + " が承認された貸出なしに特権ロール "
                + account.target()
                + " を保持していました"
                + (removed ? " (ロールを削除しセッションを終了)" : " (削除に失敗)"),
            holder
                + " held privileged role "
                + account.target()
                + " outside any approved checkout"
                + (removed ? " (role removed, sessions ended)" : " (removal failed)")),
        "PR-2");
  }

  /** Whether a login at {@code at} outside any checkout was alerted already (open or resolved). */
  boolean loginOutOfWindowKnown(PrivilegedAccount account, Instant at) {
    return alerts.raisedEver(OUT_OF_WINDOW, loginSubject(account, at));
  }

  /** A directory account was logged in to at a time no checkout covered (PR-2). */
  void loginOutOfWindow(PrivilegedAccount account, Instant at) {
    alerts.raise(
        OUT_OF_WINDOW,
        loginSubject(account, at),
        new Bilingual(
            "特権ID " + account.id() + " に承認された貸出のない時間 (" + at + ") のログインがありました",
            "privileged ID "
                + account.id()
                + " was logged in to at "
                + at
                + " outside any approved checkout"),
        "PR-2");
  }

  private static String loginSubject(PrivilegedAccount account, Instant at) {
    return accountSubject(account.id()) + "/login/" + at;
  }

  /** Ending a stopped or moved person's privileged rights failed (PR-4). */
  void holderStopFailed(String person, String why) {
    alerts.raise(
        HOLDER_STOP_FAILED,
        "staff/" + person,
        new Bilingual(
            "人事で停止・異動した " + person + " の特権IDの貸出を終了できませんでした: " + why,
            "could not end the privileged checkouts of "
                + person
                + ", stopped or moved by HR: "
                + why),
        "PR-4");
  }

  /**
   * Tells an ID's owner that a holder's checkouts and eligibility were ended; {@code why} says
   * whether HR stopped or moved them or an emergency revocation stopped them.
   */
  void holderStopped(String owner, String person, String why) {
    alerts.notify(
        owner,
        "特権ID利用者 " + person + " の貸出を終了し利用資格を取り消しました (理由は詳細に)",
        "Privileged ID holder "
            + person
            + ": checkouts ended, eligibility withdrawn (why: see detail)",
        why);
  }
}
