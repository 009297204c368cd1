package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.policy.LifecycleRules;

/** Dormant accounts (LC-3): a person who has used none of their IDs for the policy's period. */
final class Dormancy {

  /** Dates of the municipality; 発令日 and end dates are local dates there. */
  static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  private final LifecycleRules rules;

  Dormancy(LifecycleRules rules) {
    this.rules = rules;
  }

  /**
   * The person's latest known login over all their personal accounts in every target: a person is
   * dormant (LC-3) only if they have used none of their IDs — an account that only serves the SSO
   * login (a directory entry without a password) is not dormant while its owner logs in through
   * Keycloak.
   */
  static Map<String, Instant> lastLoginByEmployee(List<TargetAccount> accounts) {
    Map<String, Instant> latest = HashMap.newHashMap(accounts.size());
    Map<String, Instant> usableSince = HashMap.newHashMap(accounts.size());
    // few distinct days among tens of thousands of accounts: each day's start is worked out once
    Map<LocalDate, Instant> dayStarts = new HashMap<>();
    for (TargetAccount a : accounts) {
      if (a.kind() == AccountKind.PERSONAL && !a.employeeNumber().isEmpty()) {
        a.lastLogin().ifPresent(t -> latest.merge(a.employeeNumber(), t, Dormancy::later));
        if (a.state() == AccountState.ENABLED) {
          a.stateSince()
              .map(d -> dayStarts.computeIfAbsent(d, day -> day.atStartOfDay(ZONE).toInstant()))
              .ifPresent(t -> usableSince.merge(a.employeeNumber(), t, Dormancy::later));
        }
      }
    }
    // the login-free period starts no earlier than the day the person's account became usable
    // again (one target may record it, another not): a person back from a year's leave is not
    // dormant the next morning because their last login was before the leave; unknown stays unknown
    latest.replaceAll((n, t) -> usableSince.containsKey(n) ? later(t, usableSince.get(n)) : t);
    return latest;
  }

  static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Dormant only on evidence: a known last login (or a known start of a login-free period, see
   * {@link TargetAccount#lastLogin()}) older than the policy's period. Nothing known (no login
   * events for the person yet) is not taken for dormancy, or every account would look dormant the
   * day event storage is switched on.
   */
  boolean dormant(Instant lastLogin, LocalDate today) {
    if (lastLogin == null) {
      return false;
    }
    LocalDate last = lastLogin.atZone(ZONE).toLocalDate();
    return last.plusDays(rules.dormantAfter().toDays()).isBefore(today);
  }
}
