package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts what is known of logins into the accounts read from a target, for the planner's dormancy
 * rule (LC-3). Pure.
 *
 * <p>An account's {@link TargetAccount#lastLogin()} becomes the latest of what the target itself
 * reported (AD {@code lastLogonTimestamp}) and the last login recorded from the target's login
 * events. An account with neither gets, if logins have been watched since {@code observedSince},
 * the later of that instant and its creation: "no login since then". Without an observation start
 * nothing is set, so that no account looks dormant merely because nothing is known.
 */
public final class LoginEvidence {

  private LoginEvidence() {}

  /**
   * @param accounts accounts of one target, as read
   * @param lastLogins last recorded login per account ID of that target
   * @param observedSince since when the target's logins have been recorded without a gap, if they
   *     have
   */
  public static List<TargetAccount> apply(
      List<TargetAccount> accounts,
      Map<String, Instant> lastLogins,
      Optional<Instant> observedSince) {
    return accounts.stream()
        .map(a -> a.withLastLogin(lastLogin(a, lastLogins.get(a.id()), observedSince)))
        .toList();
  }

  private static Optional<Instant> lastLogin(
      TargetAccount a, Instant recorded, Optional<Instant> observedSince) {
    Optional<Instant> known =
        a.lastLogin()
            .map(own -> recorded != null && recorded.isAfter(own) ? recorded : own)
            .or(() -> Optional.ofNullable(recorded));
    if (known.isPresent() || observedSince.isEmpty()) {
      return known;
    }
    Instant since = observedSince.get();
    return Optional.of(a.createdAt().filter(c -> c.isAfter(since)).orElse(since));
  }
}
