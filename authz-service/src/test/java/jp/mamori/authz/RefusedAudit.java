package jp.mamori.authz;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture: the audit log's storage failing, as AuditWriteFailureIT makes it fail — a trigger
 * on the real PostgreSQL that refuses inserts into {@code audit_event}, of every kind or of the
 * kinds named, with the database's own error ({@link #MESSAGE}). Whatever writes its record in the
 * same transaction fails with it.
 */
public final class RefusedAudit {

  /** The text of the database's error. */
  public static final String MESSAGE = "audit storage unavailable";

  private RefusedAudit() {}

  /** Every audit event refused from now on. */
  public static void all(JdbcClient owner) {
    install(owner, "true");
  }

  /** Audit events of these kinds refused from now on (others are appended). */
  public static void kinds(JdbcClient owner, String... kinds) {
    install(
        owner,
        "new.kind in ("
            + Arrays.stream(kinds).map(k -> "'" + k + "'").collect(Collectors.joining(", "))
            + ")");
  }

  /** The audit log writable again. */
  public static void lift(JdbcClient owner) {
    owner.sql("drop trigger if exists refuse_audit on audit_event").update();
  }

  private static void install(JdbcClient owner, String condition) {
    lift(owner);
    owner
        .sql(
            "create or replace function refuse_audit() returns trigger language plpgsql as $$"
                + " begin if "
                + condition
                + " then raise exception '"
                + MESSAGE
                + "'; end if; return new; end $$")
        .update();
    owner
        .sql(
            "create trigger refuse_audit before insert on audit_event for each row"
                + " execute function refuse_audit()")
        .update();
  }
}
