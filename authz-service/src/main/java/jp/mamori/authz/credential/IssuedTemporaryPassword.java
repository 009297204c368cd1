package jp.mamori.authz.credential;

/**
 * The answer to an issue of a temporary password: the only answer that carries the password, sent
 * once with {@code Cache-Control: no-store}. {@link #toString()} hides the password.
 *
 * @param id the issuance's ID in the record of issuances
 * @param employeeNumber the account
 * @param temporaryPassword the password, shown once
 * @param issuedBy the administrator
 * @param handover the hand-over method's name
 * @param handoverJa the hand-over method in Japanese
 * @param expiresAt when the password stops working (ISO-8601 instant)
 * @param notice that it is shown once and must be changed at the first login (Japanese / English)
 */
record IssuedTemporaryPassword(
    long id,
    String employeeNumber,
    String temporaryPassword,
    String issuedBy,
    String handover,
    String handoverJa,
    String expiresAt,
    String notice) {

  @Override
  public String toString() {
    return "IssuedTemporaryPassword[id=" + id + ", employeeNumber=" + employeeNumber + ", …]";
  }
}
