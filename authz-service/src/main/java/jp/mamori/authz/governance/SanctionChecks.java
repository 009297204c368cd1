package jp.mamori.authz.governance;

import java.util.Arrays;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.Sanctions.Code;
import jp.mamori.authz.governance.Sanctions.Refused;

/** The checks of what is asked of {@link Sanctions} and the shape of its audit events (GV-4). */
final class SanctionChecks {

  private SanctionChecks() {}

  static Code code(String code) {
    return parse(Code.class, "code", code);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value == null ? "" : value.strip());
    } catch (IllegalArgumentException e) {
      throw new Refused(
          field
              + ": expected one of "
              + Arrays.toString(type.getEnumConstants())
              + "; found "
              + (value == null ? "nothing" : value),
          false);
    }
  }

  static void requireText(String field, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw new Refused(field + ": expected " + expected + "; found nothing", false);
    }
    if (value.length() > 2000) {
      throw new Refused(
          field + ": expected at most 2000 characters; found " + value.length(), false);
    }
  }

  static Entry entry(String kind, String actor, String username, Map<String, ?> fields) {
    return new Entry(kind, actor, username, AuditLog.detail(fields), "GV-4");
  }
}
