package jp.mamori.authz.stepup;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.mamori.webauthn.Operation;

/**
 * The body of {@code POST /api/me/step-up/options}: the one operation a step-up is to be bound to.
 *
 * @param kind the operation's kind
 * @param subject what it acts on
 * @param details its details; each value is read as its text ({@code null} stays null), as before
 */
record StepUpOptionsRequest(String kind, String subject, Map<String, Object> details) {

  /** The operation named; {@link Operation#of} refuses an incomplete one. */
  Operation operation() {
    Map<String, String> map = new LinkedHashMap<>();
    if (details != null) {
      details.forEach((k, v) -> map.put(k, v == null ? null : String.valueOf(v)));
    }
    return Operation.of(kind, subject, map);
  }
}
