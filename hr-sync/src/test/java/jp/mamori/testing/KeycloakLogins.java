package jp.mamori.testing;

import java.time.Duration;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Failed logins that Keycloak has really counted. Keycloak's brute-force protector (26.x, {@code
 * DefaultBlockingBruteForceProtector}) records every login, failed or successful, on a thread of
 * its own after it has answered, and while that record is in flight it refuses any other login of
 * the same user without checking the password and without counting it. So a test that sends N wrong
 * passwords back to back — or one straight after a successful login — may have fewer than N
 * counted, and the account it expects locked is not. Each failure sent through here is followed by
 * a wait until Keycloak reports it counted (or the account locked); an attempt that is not counted
 * within {@link #RECORDED} was refused in flight and is sent again.
 */
public final class KeycloakLogins {

  /**
   * How long a sent failure may take to show in Keycloak's count before it is taken for refused in
   * flight; Keycloak records one in milliseconds, so this is far beyond a slow machine's delay.
   */
  static final Duration RECORDED = Duration.ofSeconds(10);

  private KeycloakLogins() {}

  /**
   * Sends {@code wrongLogin} (a login with a wrong password for the user {@code userId} of {@code
   * realm}) until Keycloak counts it, and returns the answer of the counted attempt.
   *
   * @param what who fails, as a failure message should name it
   * @throws AssertionError when no attempt is counted within {@link Poll#DEFAULT_TIMEOUT}
   */
  public static <T> T countedFailure(
      String what, RealmResource realm, String userId, Poll.Probe<T> wrongLogin) {
    long deadline = System.nanoTime() + Poll.DEFAULT_TIMEOUT.toNanos();
    int before = failures(realm, userId);
    while (true) {
      T answer;
      try {
        answer = wrongLogin.read();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("the failed login of " + what + " could not be sent", e);
      }
      try {
        Poll.until(
            "the failed login of " + what + " counted by Keycloak's brute-force detector",
            RECORDED,
            () -> failures(realm, userId) > before || locked(realm, userId));
        return answer;
      } catch (AssertionError notCounted) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(
              "no failed login of "
                  + what
                  + " was counted by Keycloak in "
                  + Poll.DEFAULT_TIMEOUT
                  + " (still "
                  + failures(realm, userId)
                  + " failures)",
              notCounted);
        }
      }
    }
  }

  /** Waits until Keycloak's brute-force detector reports the user locked. */
  public static void awaitLocked(String what, RealmResource realm, String userId) {
    Poll.until(what + " locked by Keycloak's brute-force detector", () -> locked(realm, userId));
  }

  /** The failed logins Keycloak's brute-force detector has recorded for the user. */
  public static int failures(RealmResource realm, String userId) {
    Object count = realm.attackDetection().bruteForceUserStatus(userId).get("numFailures");
    return count == null ? 0 : ((Number) count).intValue();
  }

  /** Whether Keycloak's brute-force detector reports the user locked. */
  public static boolean locked(RealmResource realm, String userId) {
    return Boolean.TRUE.equals(
        realm.attackDetection().bruteForceUserStatus(userId).get("disabled"));
  }
}
