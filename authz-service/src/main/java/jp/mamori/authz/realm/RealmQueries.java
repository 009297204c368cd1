package jp.mamori.authz.realm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code realm} publishes about drift of Keycloak from the policy to the features that only
 * read it (the reports, GV-6): read-only, answered as records, so that {@code realm_drift} stays
 * this feature's to change. Implemented next to the store ({@link RealmQueryStore}).
 */
public interface RealmQueries {

  /**
   * One setting found different from the policy (AU-5).
   *
   * @param expected the value the policy writes
   * @param requirementIds the requirements the setting enforces
   * @param restoredAt when the policy's value was written back, if it was
   */
  record Drift(
      Instant detectedAt,
      String realm,
      String setting,
      String expected,
      String found,
      List<String> requirementIds,
      Optional<Instant> restoredAt) {

    public Drift {
      requirementIds = List.copyOf(requirementIds);
    }
  }

  /** The drift not restored yet, and that detected at or after {@code since}, in order found. */
  List<Drift> drift(Instant since);
}
