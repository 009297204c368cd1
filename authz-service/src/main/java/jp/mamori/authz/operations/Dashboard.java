package jp.mamori.authz.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jp.mamori.authz.alert.AlertQueries;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.lifecycle.LifecycleQueries;

/**
 * What needs a person now, counted from Mamori's database: the console's dashboard and the
 * service's gauges (Prometheus) show the same figures. Each figure is read from the feature that
 * owns it, through the queries that feature publishes (one statement per feature, so figures of
 * different features may be a moment apart); a summary read less than {@link #FRESH} ago is given
 * again, so that scrapes by several collectors and page loads do not each query the database.
 */
public class Dashboard {

  /** How long a summary is reused. */
  static final Duration FRESH = Duration.ofSeconds(5);

  /**
   * The privileged checkouts waiting for someone (PR-2, PR-3, PR-4).
   *
   * @param awaitingApproval requested, waiting for approval
   * @param active taken and not checked in
   * @param overdue active past their end, not yet checked in
   * @param rotationsPending checked in, password not rotated yet
   */
  public record Checkouts(int awaitingApproval, int active, int overdue, int rotationsPending) {}

  /**
   * Where the checkout figures come from: {@code privileged} provides it. A port rather than {@code
   * PrivilegedQueries} because {@code privileged} reaches this feature (through {@code stepup}'s
   * rate limiter), so this feature naming {@code privileged} would make a cycle.
   */
  @FunctionalInterface
  public interface CheckoutFigures {

    /** The checkouts waiting for someone at {@code now} (overdue is judged against it). */
    Checkouts at(Instant now);
  }

  private final CheckoutFigures checkouts;
  private final LifecycleQueries lifecycle;
  private final GovernanceQueries governance;
  private final AlertQueries alerts;
  private final Clock clock;
  private volatile Summary last;

  public Dashboard(
      CheckoutFigures checkouts,
      LifecycleQueries lifecycle,
      GovernanceQueries governance,
      AlertQueries alerts,
      Clock clock) {
    this.checkouts = checkouts;
    this.lifecycle = lifecycle;
    this.governance = governance;
    this.alerts = alerts;
    this.clock = clock;
  }

  /**
   * The figures at {@code at}.
   *
   * @param checkoutApprovals privileged checkouts waiting for approval (PR-2)
   * @param checkoutsActive privileged checkouts taken and not checked in (PR-3)
   * @param checkInsOverdue active checkouts past their end, not yet checked in (PR-3)
   * @param rotationsPending checked-in checkouts whose password could not be rotated yet (PR-4)
   * @param plansHeld lifecycle plans held by the mass-change guard, waiting for approval (LC-2)
   * @param exceptionsRequested exceptions to the policy waiting for the CISO (GV-3)
   * @param exceptionsInForce exceptions in force now (GV-3)
   * @param sanctionsInForce sanctions in force, reinstatement requested or not (GV-4)
   * @param reinstatementsRequested sanctions whose reinstatement waits for the CISO (GV-4)
   * @param inventoriesOpen ID inventories open for answers (LC-3)
   * @param alertsOpen open alerts, by kind (unresolved)
   */
  public record Summary(
      Instant at,
      int checkoutApprovals,
      int checkoutsActive,
      int checkInsOverdue,
      int rotationsPending,
      int plansHeld,
      int exceptionsRequested,
      int exceptionsInForce,
      int sanctionsInForce,
      int reinstatementsRequested,
      int inventoriesOpen,
      Map<String, Integer> alertsOpen) {

    /** Open alerts of every kind. */
    public int alertsOpenTotal() {
      return alertsOpen.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Items waiting for someone's decision (approvals of any kind). */
    public int decisionsPending() {
      return checkoutApprovals + plansHeld + exceptionsRequested + reinstatementsRequested;
    }
  }

  /** The figures now (or of the last {@link #FRESH} seconds). */
  public Summary summary() {
    Summary s = last;
    Instant now = clock.instant();
    if (s != null && !s.at().isAfter(now) && s.at().plus(FRESH).isAfter(now)) {
      return s;
    }
    s = read(now);
    last = s;
    return s;
  }

  private Summary read(Instant now) {
    Checkouts c = checkouts.at(now);
    GovernanceQueries.Pending g = governance.pending();
    return new Summary(
        now,
        c.awaitingApproval(),
        c.active(),
        c.overdue(),
        c.rotationsPending(),
        lifecycle.plansHeld(),
        g.exceptionsRequested(),
        g.exceptionsInForce(),
        g.sanctionsInForce(),
        g.reinstatementsRequested(),
        g.inventoriesOpen(),
        alerts.openByKind());
  }
}
