package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One person's account at the identity provider, as an administrator acts on it outside the daily
 * plan: read its status, unlock, lock on the owner's "this wasn't me" report, suspend for a reason
 * an administrator gave, reinstate, and "the password may have leaked" (PW-7). Implementations
 * never return null and report failures as exceptions that say whether a retry can help
 * (Keycloak's: {@code KeycloakAccountStates}).
 */
public interface IdentityAccounts {

  /** An account as read, with its status. */
  record Current(TargetAccount account, AccountStatus status) {}

  /**
   * The account (with its section groups) and its status, by username; empty if the identity
   * provider has no such user.
   */
  Optional<Current> current(String username);

  /**
   * Lifts a lockout after failed logins (the failure count starts again), including a permanent one
   * that also disabled the account.
   */
  void unlock(String accountId);

  /** Locks on the owner's "this wasn't me" report; only an administrator lifts it (LG-1). */
  void lockReportedNotMe(TargetAccount account, LocalDate today);

  /**
   * Suspends for a reason an administrator gave (a sanction, an ID inventory): every session ends,
   * and the stop stays until an administrator lifts it (never by HR).
   *
   * @throws IllegalArgumentException if {@code reason} is one HR drives
   */
  void suspend(TargetAccount account, StopReason reason, Reason why, LocalDate today);

  /** Lifts a stop (enabled again). */
  void reinstate(TargetAccount account, LocalDate today);

  /** PW-7: a new password is required at the next login, and every session ends now. */
  void passwordMayHaveLeaked(String accountId);

  /** Whether a new password is required at the next login (the effect that can be read back). */
  boolean passwordChangeRequired(String accountId);
}
