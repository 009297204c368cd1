package jp.mamori.authz.realm;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy drift (issue 4, LG-1, PW-1, PW-2, PW-4, AU-1): compares the live Keycloak realm with the
 * policy, records every difference found (what, expected, found, when, by which check), writes the
 * policy back into the realm, and records the restoration once a second comparison shows the realm
 * in line again. Someone who loosens the lockout in Keycloak's admin console is thus undone and
 * leaves a record an auditor can see.
 */
@Enforces(
    value = {"PW-1", "PW-2", "LG-1", "AU-5"},
    ja = "Keycloak の設定がポリシーから外れたことを検出して記録し、ポリシーに戻す",
    en = "Detects, records and restores Keycloak settings that drifted from the policy")
public class RealmDriftCheck {

  private static final Logger log = LoggerFactory.getLogger(RealmDriftCheck.class);

  /**
   * One check's result.
   *
   * @param found the differences found before restoring (empty: the realm followed the policy)
   * @param remaining differences still there after restoring (empty unless Keycloak refused)
   */
  public record Result(List<RealmDrift> found, List<RealmDrift> remaining) {
    public Result {
      found = List.copyOf(found);
      remaining = List.copyOf(remaining);
    }
  }

  /**
   * What a check compares and writes back: a Keycloak realm, or the directory's password settings
   * with Keycloak's federation over it.
   */
  public interface Enforced {
    /** Whether there is anything yet to compare (a realm not created yet is simply created). */
    boolean exists();

    /** Writes the policy's values back. */
    void configure();

    /** The differences from the policy now. */
    List<RealmDrift> drift();
  }

  private final Enforced enforced;
  private final String realm;
  private final RealmDriftStore store;
  private final AuditLog audit;
  private final Clock clock;

  /** A check of anything {@link Enforced}; {@code realm} is the name its records are kept under. */
  public RealmDriftCheck(
      Enforced enforced, String realm, RealmDriftStore store, AuditLog audit, Clock clock) {
    this.enforced = enforced;
    this.realm = realm;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Checks, records and restores. A realm that does not exist yet is created from the policy
   * (nothing to record).
   *
   * @param trigger who asked ({@code startup}, {@code schedule}), kept with each record
   * @throws RuntimeException if Keycloak cannot be read (nothing is recorded as restored)
   */
  public Result run(String trigger) {
    if (!enforced.exists()) {
      enforced.configure();
      return new Result(List.of(), List.of());
    }
    List<RealmDrift> found = enforced.drift();
    Instant now = clock.instant();
    for (RealmDrift d : found) {
      audit.recorded(
          () ->
              store.detected(
                  now,
                  trigger,
                  realm,
                  d.setting(),
                  truncate(d.expected()),
                  truncate(d.found()),
                  d.requirementIds()),
          n ->
              new AuditChain.Entry(
                  "REALM_DRIFT",
                  "mamori:" + trigger,
                  "realm/" + realm + "/" + d.setting(),
                  AuditLog.detail(
                      java.util.Map.of(
                          "expected", truncate(d.expected()), "found", truncate(d.found()))),
                  String.join(" ", d.requirementIds())));
      log.warn("Realm {} drifted from the policy: {}", realm, d.describe());
    }
    enforced.configure(); // also the settings no check compares
    List<RealmDrift> remaining = found.isEmpty() ? List.of() : enforced.drift();
    if (!found.isEmpty()) {
      List<String> still = remaining.stream().map(RealmDrift::setting).toList();
      for (RealmDrift d : found) {
        if (!still.contains(d.setting())) {
          audit.recorded(
              () -> store.restored(clock.instant(), realm, d.setting()),
              n ->
                  new AuditChain.Entry(
                      "REALM_RESTORED",
                      "mamori:" + trigger,
                      "realm/" + realm + "/" + d.setting(),
                      AuditLog.detail(java.util.Map.of("restoredTo", truncate(d.expected()))),
                      String.join(" ", d.requirementIds())));
        }
      }
      if (remaining.isEmpty()) {
        log.info("Realm {}: {} setting(s) restored to the policy", realm, found.size());
      } else {
        log.error(
            "Realm {}: could not restore {}",
            realm,
            remaining.stream().map(RealmDrift::describe).toList());
      }
    }
    return new Result(found, remaining);
  }

  /** The realm this checks. */
  public String realm() {
    return realm;
  }

  /** Recorded drift, newest first: for reports and the console. */
  public List<Recorded> recorded(int limit) {
    return store.recorded(realm, limit);
  }

  /** One recorded difference; {@code restoredAt} is null while it is not restored. */
  public record Recorded(
      String realm,
      Instant detectedAt,
      String detectedBy,
      String setting,
      String expected,
      String found,
      List<String> requirementIds,
      Instant restoredAt) {}

  private static String truncate(String value) {
    return value.length() <= 2000 ? value : value.substring(0, 2000);
  }
}
