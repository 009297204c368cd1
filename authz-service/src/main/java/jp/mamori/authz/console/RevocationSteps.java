package jp.mamori.authz.console;

import java.util.List;
import java.util.Optional;
import jp.mamori.authz.revocation.Revocations;
import jp.mamori.authz.shared.Bilingual;

/**
 * An emergency revocation's outcome as the person page shows it: each place the person is stopped
 * in, done, failed (with the error) or with nothing to stop there.
 */
final class RevocationSteps {

  /** A step's result. */
  enum State {
    DONE("完了", "done"),
    NOTHING("対象なし", "nothing to stop"),
    FAILED("失敗", "failed");

    final Bilingual text;

    State(String ja, String en) {
      this.text = new Bilingual(ja, en);
    }
  }

  /**
   * One step as the template reads it.
   *
   * @param id the step (keycloak, directory, privileged, step-up-keys, audit)
   * @param detail what was done, or the error
   */
  record Step(String id, String ja, String en, State state, String detail) {
    public String stateJa() {
      return state.text.ja();
    }

    public String stateEn() {
      return state.text.en();
    }

    public String code() {
      return state.name();
    }
  }

  private RevocationSteps() {}

  static List<Step> of(Revocations.Outcome o) {
    Optional<String> keycloakFailed = failure(o, "keycloak");
    Optional<String> directoryFailed = failure(o, "directory");
    Optional<String> privilegedFailed = failure(o, "privileged");
    Optional<String> keysFailed = failure(o, "step-up keys");
    Optional<String> auditFailed = failure(o, "audit");
    return List.of(
        new Step(
            "keycloak",
            "SSO (Keycloak): 制裁 (アクセス判定の拒否)、アカウント無効化、全セッション終了",
            "SSO (Keycloak): sanction (access decisions denied), account disabled, every session"
                + " ended",
            keycloakFailed.isPresent() ? State.FAILED : o.keycloak() ? State.DONE : State.NOTHING,
            keycloakFailed.orElse(
                o.sanction().map(id -> "sanction #" + id).orElse("sanction in force already"))),
        new Step(
            "directory",
            "ディレクトリ: アカウント停止、パスワードを誰も知らないものに変更",
            "Directory: account stopped, password replaced by one nobody knows",
            directoryFailed.isPresent() ? State.FAILED : o.directory() ? State.DONE : State.NOTHING,
            directoryFailed.orElse(o.directory() ? "" : "no directory account")),
        new Step(
            "privileged",
            "特権ID: 貸出中を返却 (パスワード変更)、申請を取消、利用資格を取消",
            "Privileged IDs: checkouts checked in (password rotated), requests cancelled,"
                + " eligibility withdrawn",
            privilegedFailed.isPresent()
                ? State.FAILED
                : o.checkedIn().isEmpty()
                        && o.cancelled().isEmpty()
                        && o.eligibilityWithdrawn().isEmpty()
                    ? State.NOTHING
                    : State.DONE,
            privilegedFailed.orElse(
                "checked in "
                    + o.checkedIn()
                    + ", cancelled "
                    + o.cancelled()
                    + ", withdrawn from "
                    + o.eligibilityWithdrawn())),
        new Step(
            "step-up-keys",
            "本人確認キー: すべて廃止",
            "Step-up keys: every one retired",
            keysFailed.isPresent()
                ? State.FAILED
                : o.keysRevoked().isEmpty() ? State.NOTHING : State.DONE,
            keysFailed.orElse(o.keysRevoked().size() + " retired")),
        new Step(
            "audit",
            "監査ログ: 要求と結果の記録",
            "Audit log: the request and its outcome recorded",
            auditFailed.isPresent() ? State.FAILED : State.DONE,
            auditFailed.orElse(
                "REVOCATION_REQUESTED, "
                    + (o.complete() ? "REVOCATION_DONE" : "REVOCATION_INCOMPLETE"))));
  }

  private static Optional<String> failure(Revocations.Outcome o, String step) {
    return o.failures().stream().filter(f -> f.startsWith(step + ":")).findFirst();
  }
}
