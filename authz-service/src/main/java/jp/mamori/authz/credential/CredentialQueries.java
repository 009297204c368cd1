package jp.mamori.authz.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code credential} publishes about temporary passwords to the features that only read it
 * (the reports, GV-6): read-only, answered as records, so that {@code temporary_password_issue}
 * stays this feature's to change. Implemented next to the store ({@link CredentialQueryStore}).
 */
public interface CredentialQueries {

  /**
   * One issue of a temporary password (PW-4), without the password.
   *
   * @param employeeNumber the employee number, or the login name of an ID without one
   * @param expiresAt when the password stops working, if it expires
   */
  record TemporaryPasswordIssue(
      String employeeNumber,
      Instant issuedAt,
      String issuedBy,
      String handoverMethod,
      Optional<Instant> expiresAt) {}

  /**
   * The temporary passwords not yet changed by their holder, and those that expired unchanged at or
   * after {@code expiredSince}, by time of issue.
   */
  List<TemporaryPasswordIssue> temporaryPasswordsOutstanding(Instant expiredSince);
}
