package jp.mamori.authz.governance;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of the governance features' audit events, in the order given. */
final class GovernanceEvents {

  private GovernanceEvents() {}

  /** The fields of an event from name–value pairs: {@code fields("sanction", 7, "note", "…")}. */
  static Map<String, Object> fields(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
