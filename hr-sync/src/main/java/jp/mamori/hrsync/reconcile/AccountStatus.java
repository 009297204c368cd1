package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The one state model of an account, shown the same in the API, the console and reports (issue 4):
 * Keycloak alone cannot tell "locked" from "disabled", and shows lockouts differently in its UI and
 * API. Derived, never stored: from the lifecycle state Mamori keeps on the account and from the
 * identity provider's lockout status.
 *
 * <p>Precedence: a stop (disabled, dormant, suspended) says more than a lockout, which says more
 * than "active"; an owner's "this wasn't me" report is a lock only an administrator lifts.
 */
public sealed interface AccountStatus {

  /** A stable code for APIs and reports. */
  String code();

  /** 日本語の表示名. */
  String ja();

  String en();

  /** May log in. */
  record Active() implements AccountStatus {
    public String code() {
      return "ACTIVE";
    }

    public String ja() {
      return "利用可";
    }

    public String en() {
      return "active";
    }
  }

  /** Locked for a while after failed logins (LG-1); unlocks by itself. */
  record TemporarilyLocked(int failures, Optional<Instant> lastFailure) implements AccountStatus {
    public TemporarilyLocked {
      Objects.requireNonNull(lastFailure, "lastFailure");
    }

    public String code() {
      return "TEMPORARILY_LOCKED";
    }

    public String ja() {
      return "一時ロック中 (ログイン失敗 " + failures + " 回)";
    }

    public String en() {
      return "temporarily locked (" + failures + " failed logins)";
    }
  }

  /** Locked until an administrator unlocks (permanent lockout, or the owner's report). */
  record LockedUntilUnlocked(Optional<StopReason> reason) implements AccountStatus {
    public LockedUntilUnlocked {
      Objects.requireNonNull(reason, "reason");
    }

    public String code() {
      return "LOCKED";
    }

    public String ja() {
      return "ロック中 (管理者による解除が必要)" + reason.map(r -> ": " + r.ja()).orElse("");
    }

    public String en() {
      return "locked until an administrator unlocks" + reason.map(r -> ": " + r.en()).orElse("");
    }
  }

  /** Suspended: secondment, leave, a sanction (with its reason); restored later. */
  record Suspended(StopReason reason, Optional<LocalDate> since) implements AccountStatus {
    public Suspended {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }

    public String code() {
      return "SUSPENDED";
    }

    public String ja() {
      return "一時停止 (" + reason.ja() + ")";
    }

    public String en() {
      return "suspended (" + reason.en() + ")";
    }
  }

  /** Disabled for good: left, contract ended, orphaned, development ended, by an administrator. */
  record Disabled(StopReason reason, Optional<LocalDate> since) implements AccountStatus {
    public Disabled {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(since, "since");
    }

    public String code() {
      return "DISABLED";
    }

    public String ja() {
      return "無効 (" + reason.ja() + ")";
    }

    public String en() {
      return "disabled (" + reason.en() + ")";
    }
  }

  /** Disabled because nobody used it for the policy's period (LC-3). */
  record Dormant(Optional<LocalDate> since) implements AccountStatus {
    public Dormant {
      Objects.requireNonNull(since, "since");
    }

    public String code() {
      return "DORMANT";
    }

    public String ja() {
      return "長期未使用により無効";
    }

    public String en() {
      return "disabled as dormant";
    }
  }

  /**
   * What the identity provider says about lockout.
   *
   * @param locked whether it refuses logins now because of failed attempts
   * @param permanent whether that lock lasts until an administrator lifts it
   * @param failures failed attempts counted
   * @param lastFailure when the last one was
   */
  record Lockout(boolean locked, boolean permanent, int failures, Optional<Instant> lastFailure) {
    public static Lockout none() {
      return new Lockout(false, false, 0, Optional.empty());
    }
  }

  /** The status of an account as read from its target, with the target's lockout status. */
  static AccountStatus of(TargetAccount account, Lockout lockout) {
    return switch (account.state()) {
      case DISABLED -> {
        StopReason reason = account.stopReason().orElse(StopReason.ADMINISTRATIVE);
        if (reason == StopReason.DORMANT) {
          yield new Dormant(account.stateSince());
        }
        if (reason == StopReason.ADMINISTRATIVE && lockout.locked() && lockout.permanent()) {
          yield new LockedUntilUnlocked(Optional.empty()); // Keycloak's permanent lockout
        }
        yield new Disabled(reason, account.stateSince());
      }
      case SUSPENDED -> {
        StopReason reason = account.stopReason().orElse(StopReason.ADMINISTRATIVE);
        yield reason == StopReason.REPORTED_NOT_ME
            ? new LockedUntilUnlocked(Optional.of(reason))
            : new Suspended(reason, account.stateSince());
      }
      case ENABLED -> {
        if (lockout.locked()) {
          yield lockout.permanent()
              ? new LockedUntilUnlocked(Optional.empty())
              : new TemporarilyLocked(lockout.failures(), lockout.lastFailure());
        }
        yield new Active();
      }
    };
  }
}
