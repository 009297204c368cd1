package jp.mamori.authz.privileged;

import jp.mamori.authz.shared.Bilingual;

/**
 * The refusals that no rule decides — what was asked for is not there, or a target or a concurrent
 * taker got in the way — in Japanese and English, in one place. The refusals a rule decides are
 * {@link CheckoutRules}' and {@link RotationRules}'.
 */
final class Refusals {

  private Refusals() {}

  static Refused notFound(String what) {
    return new Refused(
        Refused.Fault.NOT_FOUND,
        "NOT_FOUND",
        new Bilingual(what + " は登録されていません", "no " + what + " is registered"),
        "PR-1");
  }

  static Refused checkoutNotFound(long id) {
    return notFound("checkout " + id);
  }

  static Refused duplicateId(String id) {
    return new Refused(
        Refused.Fault.CONFLICT,
        "DUPLICATE_ID",
        new Bilingual("特権ID " + id + " は登録済みです", "privileged ID " + id + " is registered already"),
        "PR-1");
  }

  /** At registration: the directory or Keycloak could not be asked whether the target exists. */
  static Refused targetUncheckable(String why) {
    return new Refused(
        Refused.Fault.CONFLICT,
        "TARGET_UNAVAILABLE",
        new Bilingual("登録先を確認できません: " + why, "cannot check the target: " + why),
        "PR-1");
  }

  static Refused noSuchTarget(PrivilegedAccount account) {
    boolean directory = account.kind() == PrivilegedAccount.Kind.DIRECTORY;
    return new Refused(
        Refused.Fault.INVALID,
        "NO_SUCH_TARGET",
        new Bilingual(
            directory
                ? "ディレクトリに " + account.target() + " がありません"
                : "Keycloak にロール " + account.target() + " がありません",
            "expected an existing "
                + (directory ? "DN" : "realm role")
                + ", found none named "
                + account.target()),
        "PR-1");
  }

  static Refused heldByAnother(PrivilegedAccount account) {
    return new Refused(
        Refused.Fault.CONFLICT,
        "HELD_BY_ANOTHER",
        new Bilingual(
            "特権ID " + account.id() + " は他の人に貸出中です (同時に一人だけ)",
            "privileged ID " + account.id() + " is held by someone else (one holder at a time)"),
        "LC-6");
  }

  /** At activation: the privilege could not be opened, and the checkout was checked in again. */
  static Refused openFailed(String why) {
    return new Refused(
        Refused.Fault.CONFLICT,
        "TARGET_UNAVAILABLE",
        new Bilingual(
            "特権IDを開けませんでした (返却処理済み): " + why,
            "could not open the privileged ID (checked in again): " + why),
        "PR-1");
  }
}
