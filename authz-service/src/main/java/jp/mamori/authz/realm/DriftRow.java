package jp.mamori.authz.realm;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One recorded drift as the console's drift page ({@code admin-drift.html}) lists it.
 *
 * @param realm the Keycloak realm
 * @param detectedAt when found, Japan time
 * @param detectedBy which check found it
 * @param setting the realm's setting
 * @param expected what the policy says
 * @param found what the realm had
 * @param requirements the requirement IDs, comma-separated
 * @param restoredAt when restored, Japan time, or empty while not
 */
record DriftRow(
    String realm,
    String detectedAt,
    String detectedBy,
    String setting,
    String expected,
    String found,
    String requirements,
    String restoredAt) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").withZone(ZoneId.of("Asia/Tokyo"));

  static DriftRow of(RealmDriftCheck.Recorded r) {
    return new DriftRow(
        r.realm(),
        TIME.format(r.detectedAt()),
        r.detectedBy(),
        r.setting(),
        r.expected(),
        r.found(),
        String.join(", ", r.requirementIds()),
        r.restoredAt() == null ? "" : TIME.format(r.restoredAt()));
  }
}
