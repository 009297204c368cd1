package jp.mamori.hrsync.keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.mamori.policy.LockoutRules;
import jp.mamori.policy.PasswordRules;
import jp.mamori.policy.Policy;
import jp.mamori.policy.SessionRules;

/**
 * What the policy document means in Keycloak's terms: the realm settings Mamori writes. Pure
 * mapping, no I/O; {@link KeycloakRealmConfigurator} applies it.
 *
 * @param passwordPolicy Keycloak's password-policy expression (PW-1, PW-2)
 * @param failureFactor failed logins before a lock (LG-1)
 * @param permanentLockout whether a lock lasts until an administrator unlocks
 * @param waitIncrementSeconds first temporary lock length
 * @param maxFailureWaitSeconds longest temporary lock
 * @param maxDeltaTimeSeconds failures older than this are forgotten
 * @param ssoSessionIdleTimeoutSeconds idle timeout (LG-1)
 * @param ssoSessionMaxLifespanSeconds absolute session lifetime
 * @param accessTokenLifespanSeconds access-token lifetime
 */
public record RealmPolicy(
    String passwordPolicy,
    int failureFactor,
    boolean permanentLockout,
    int waitIncrementSeconds,
    int maxFailureWaitSeconds,
    int maxDeltaTimeSeconds,
    int ssoSessionIdleTimeoutSeconds,
    int ssoSessionMaxLifespanSeconds,
    int accessTokenLifespanSeconds) {

  /** Keycloak keeps login events this long; the audit log (AU-1) keeps its own copy. */
  public static final Duration EVENT_RETENTION = Duration.ofDays(400);

  /** Maps the policy to Keycloak's realm settings. */
  public static RealmPolicy from(Policy policy) {
    LockoutRules lockout = policy.lockout();
    SessionRules session = policy.session();
    return new RealmPolicy(
        passwordPolicy(policy.password()),
        lockout.maxFailures(),
        lockout.permanent(),
        seconds(lockout.waitIncrement()),
        seconds(lockout.maxWait()),
        seconds(lockout.failureResetTime()),
        seconds(session.idleTimeout()),
        seconds(session.maxLifespan()),
        seconds(session.accessTokenLifespan()));
  }

  /**
   * The stricter settings for privileged IDs (PR-4), kept in a realm of their own because
   * Keycloak's lockout and password policy are realm-wide (an authentication flow per client cannot
   * change them): the policy's {@code privileged.maxFailures} failed logins lock the account until
   * an administrator unlocks it (no temporary lock to wait out), and the password expires after
   * {@code privileged.rotationInterval}, so a privileged password never outlives its rotation even
   * if a rotation is missed. Sessions and events as for staff.
   */
  public static RealmPolicy forPrivileged(Policy policy) {
    RealmPolicy staff = from(policy);
    String rotation =
        "forceExpiredPasswordChange(" + policy.privileged().rotationInterval().toDays() + ")";
    String passwords =
        staff.passwordPolicy().contains("forceExpiredPasswordChange(")
            ? staff.passwordPolicy().replaceAll("forceExpiredPasswordChange\\(\\d+\\)", rotation)
            : staff.passwordPolicy() + " and " + rotation;
    return new RealmPolicy(
        passwords,
        policy.privileged().maxFailures(),
        true,
        staff.waitIncrementSeconds(),
        staff.maxFailureWaitSeconds(),
        staff.maxDeltaTimeSeconds(),
        staff.ssoSessionIdleTimeoutSeconds(),
        staff.ssoSessionMaxLifespanSeconds(),
        staff.accessTokenLifespanSeconds());
  }

  /**
   * Keycloak's password-policy expression for the rules. The blocklist is not part of it: Keycloak
   * reads blocklists only from files on its own host, which Mamori cannot write for an external
   * Keycloak; Mamori checks it when it generates passwords.
   */
  static String passwordPolicy(PasswordRules rules) {
    List<String> parts = new ArrayList<>();
    parts.add("length(" + rules.minLength() + ")");
    parts.add("maxLength(" + rules.maxLength() + ")");
    addIfPositive(parts, "upperCase", rules.minUpperCase());
    addIfPositive(parts, "lowerCase", rules.minLowerCase());
    addIfPositive(parts, "digits", rules.minDigits());
    addIfPositive(parts, "specialChars", rules.minSpecialChars());
    addIfPositive(parts, "passwordHistory", rules.historyCount());
    if (!rules.maxAge().isZero()) {
      parts.add("forceExpiredPasswordChange(" + rules.maxAge().toDays() + ")");
    }
    if (rules.notUsername()) {
      parts.add("notUsername(undefined)");
    }
    if (rules.notEmail()) {
      parts.add("notEmail(undefined)");
    }
    return String.join(" and ", parts);
  }

  private static void addIfPositive(List<String> parts, String name, int value) {
    if (value > 0) {
      parts.add(name + "(" + value + ")");
    }
  }

  private static int seconds(Duration duration) {
    return Math.toIntExact(duration.toSeconds());
  }
}
