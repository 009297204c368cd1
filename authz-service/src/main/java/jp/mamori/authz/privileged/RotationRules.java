package jp.mamori.authz.privileged;

import java.time.Duration;
import java.time.Instant;
import jp.mamori.authz.shared.Bilingual;

/**
 * The rules of password rotation (PR-4), pure: which privileged IDs a rotation takes, and how long
 * a failed rotation waits before the next attempt. Only directory accounts have a password; a
 * Keycloak role is taken back instead.
 */
final class RotationRules {

  /** The first wait after a failed rotation; it doubles with each failure. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);

  /** The longest wait between two attempts to rotate a password that could not be rotated. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  private RotationRules() {}

  /**
   * The wait after the {@code attempts}-th failed attempt: 30 s, doubling, at most {@link
   * #MAX_BACKOFF} — retried without end, since the revealed password may work until it is changed.
   */
  static Duration backoff(int attempts) {
    long seconds = FIRST_BACKOFF.toSeconds() << Math.min(attempts - 1, 10);
    Duration wait = Duration.ofSeconds(seconds);
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /**
   * Whether a rotation of every privileged ID takes {@code account}: an active directory account.
   */
  static boolean rotatable(PrivilegedAccount account) {
    return account.active() && account.kind() == PrivilegedAccount.Kind.DIRECTORY;
  }

  /**
   * Whether the periodic rotation takes {@code account}: rotatable, and not rotated after {@code
   * before} (now minus {@code privileged.rotationInterval}); never rotated counts as due.
   */
  static boolean periodicDue(PrivilegedAccount account, Instant before) {
    return rotatable(account) && account.lastRotatedAt().filter(t -> t.isAfter(before)).isEmpty();
  }

  /** A rotation of every privileged ID names who does it and why (PR-4, AU-5). */
  static void requireActorAndReason(String actor, String reason) {
    if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
      throw new Refused(
          Refused.Fault.INVALID,
          "REASON_REQUIRED",
          new Bilingual(
              "全特権IDのパスワード変更には実施者と理由が必要です",
              "rotating every privileged ID needs who does it and why: expected an actor and a reason,"
                  + " found "
                  + (actor == null || actor.isBlank() ? "no actor" : "no reason")),
          "PR-4");
    }
  }
}
