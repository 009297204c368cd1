package jp.mamori.authz.governance;

import java.util.Arrays;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Refusal.Fault;

/**
 * The checks of what is asked of the sanctions and the shape of their audit events (GV-4). It names
 * neither the sanctions' facade nor its types: they use it, not the other way round.
 */
final class SanctionChecks {

  private SanctionChecks() {}

  static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value == null ? "" : value.strip());
    } catch (IllegalArgumentException e) {
      throw new SanctionRefused(
          Fault.INVALID,
          field
              + ": expected one of "
              + Arrays.toString(type.getEnumConstants())
              + "; found "
              + (value == null ? "nothing" : value));
    }
  }

  static void requireText(String field, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw new SanctionRefused(
          Fault.INVALID, field + ": expected " + expected + "; found nothing");
    }
    if (value.length() > 2000) {
      throw new SanctionRefused(
          Fault.INVALID, field + ": expected at most 2000 characters; found " + value.length());
    }
  }

  static Entry entry(String kind, String actor, String username, Map<String, ?> fields) {
    return new Entry(kind, actor, username, AuditLog.detail(fields), "GV-4");
  }
}
