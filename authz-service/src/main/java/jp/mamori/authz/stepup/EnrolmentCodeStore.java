package jp.mamori.authz.stepup;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import jp.mamori.webauthn.Enrolment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The enrolment codes issued (MF-3), {@code step_up_enrolment_code}; only their hashes. */
final class EnrolmentCodeStore {

  private final JdbcClient jdbc;

  EnrolmentCodeStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(
      String username, String codeHash, String issuer, String reason, Instant at, Instant expires) {
    return jdbc.sql(
            "insert into step_up_enrolment_code (username, code_hash, issued_by,"
                + " reason, issued_at, expires_at) values (?, ?, ?, ?, ?, ?)"
                + " returning id")
        .params(username, codeHash, issuer, reason, Timestamp.from(at), Timestamp.from(expires))
        .query(Long.class)
        .single();
  }

  /** Redeems the person's code with this hash, unused and not expired at {@code now}: once. */
  Optional<Enrolment.ByGrant> redeem(String username, String codeHash, Instant now) {
    return jdbc.sql(
            "update step_up_enrolment_code set redeemed_at = ?"
                + " where code_hash = ? and username = ? and redeemed_at is null"
                + " and expires_at > ? returning id, issued_by")
        .params(Timestamp.from(now), codeHash, username, Timestamp.from(now))
        .query((rs, n) -> new Enrolment.ByGrant(Long.toString(rs.getLong(1)), rs.getString(2)))
        .optional();
  }
}
