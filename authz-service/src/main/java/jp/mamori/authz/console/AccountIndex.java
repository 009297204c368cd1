package jp.mamori.authz.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.authz.credential.CredentialQueries;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import org.springframework.stereotype.Component;

/**
 * The account list's rows, gathered from the features that own them (the staff register and the
 * targets' accounts as the last run read them: {@link LifecycleQueries}; the temporary passwords
 * outstanding: {@link CredentialQueries}) and kept for {@link #FRESH} so that paging through 40,000
 * people reads them once. The states are those the last run read (a lockout after failed logins is
 * not among them: the person's page reads it live).
 */
@Component
class AccountIndex {

  /** How long the rows are reused. */
  static final Duration FRESH = Duration.ofSeconds(30);

  /** The rows and when the targets were read. */
  record Rows(
      List<AccountRow> rows, Map<String, Instant> readAt, Instant gatheredAt, Version version) {}

  /**
   * What the rows were gathered from: when each target was read and the newest plan's progress. A
   * run that read the targets again or an apply that changed the register since makes the rows
   * stale at once, not only after {@link #FRESH}.
   */
  record Version(Map<String, Instant> targetsReadAt, String newestPlan) {}

  private final LifecycleQueries lifecycle;
  private final CredentialQueries credentials;
  private final Clock clock;
  private volatile Rows cached;

  AccountIndex(LifecycleQueries lifecycle, CredentialQueries credentials, Clock clock) {
    this.lifecycle = lifecycle;
    this.credentials = credentials;
    this.clock = clock;
  }

  Rows rows() {
    Rows rows = cached;
    Instant now = clock.instant();
    Version version =
        new Version(
            lifecycle.targetsReadAt(),
            lifecycle.plans(1).stream()
                .findFirst()
                .map(p -> p.id() + ":" + p.status() + ":" + p.done())
                .orElse(""));
    if (rows == null
        || !rows.version().equals(version)
        || rows.gatheredAt().plus(FRESH).isBefore(now)) {
      LifecycleQueries.TargetIds ids = lifecycle.targetIds();
      Set<String> temporary =
          credentials.temporaryPasswordsOutstanding(now).stream()
              .filter(i -> i.expiresAt().map(e -> e.isAfter(now)).orElse(true))
              .map(CredentialQueries.TemporaryPasswordIssue::employeeNumber)
              .collect(Collectors.toSet());
      rows =
          new Rows(
              AccountSearch.rows(lifecycle.people(), ids.accounts(), temporary),
              ids.readAt(),
              now,
              version);
      cached = rows;
    }
    return rows;
  }

  /** Forgets the rows (after an action on an account, so that the list shows it). */
  void forget() {
    cached = null;
  }
}
