package jp.mamori.authz.console;

import java.time.format.DateTimeFormatter;
import jp.mamori.authz.credential.TemporaryPasswords;

/**
 * One temporary-password issuance as the person's page ({@code admin-staff.html}) lists it (PW-4):
 * who issued it, how it was handed over and how it ended; never the password.
 *
 * @param issuedAt when, Japan time
 * @param issuedBy the administrator who issued it
 * @param handover how it reached its owner ({@link TemporaryPasswords.Handover}'s name)
 * @param expiresAt when it expires, Japan time, or {@code -}
 * @param outcome how it ended ({@link TemporaryPasswords.Outcome}'s name)
 */
record IssuanceRow(
    String issuedAt, String issuedBy, String handover, String expiresAt, String outcome) {

  static IssuanceRow of(TemporaryPasswords.Issuance i, DateTimeFormatter time) {
    return new IssuanceRow(
        time.format(i.issuedAt()),
        i.issuedBy(),
        i.handover(),
        i.expiresAt().map(time::format).orElse("-"),
        i.outcome().name());
  }
}
