package jp.mamori.authz.account;

import jp.mamori.hrsync.reconcile.AccountStatus;

/**
 * An account's status as every view of the API shows it: the code and its Japanese and English
 * labels. All four members are always written (a null label is written as {@code null}).
 *
 * @param username the account, as named in the request path
 * @param status the status code ({@link AccountStatus#code()})
 * @param labelJa the status in Japanese
 * @param labelEn the status in English
 */
record AccountStatusView(String username, String status, String labelJa, String labelEn) {

  static AccountStatusView of(String username, AccountStatus status) {
    return new AccountStatusView(username, status.code(), status.ja(), status.en());
  }
}
