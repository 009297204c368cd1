package jp.mamori.hrsync.sync;

import java.util.List;
import java.util.Objects;

/**
 * One realm setting whose live value differs from what the policy sets (someone loosened the
 * lockout in the admin console, say).
 *
 * @param setting the Keycloak setting, as the admin REST API names it ({@code failureFactor})
 * @param expected the value the policy calls for
 * @param found the live value
 * @param requirementIds the requirements the setting enforces (LG-1, PW-1 …)
 */
public record RealmDrift(
    String setting, String expected, String found, List<String> requirementIds) {

  public RealmDrift {
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(found, "found");
    requirementIds = List.copyOf(requirementIds);
  }

  /** {@code failureFactor: expected 5, found 30 (LG-1)}. */
  public String describe() {
    return setting
        + ": expected "
        + expected
        + ", found "
        + found
        + " ("
        + String.join(", ", requirementIds)
        + ")";
  }
}
