package jp.mamori.authz.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What needs a person now, counted from Mamori's database: the console's dashboard and the
 * service's gauges (Prometheus) show the same figures. Read in one statement; a figure read less
 * than {@link #FRESH} ago is given again, so that scrapes by several collectors and page loads do
 * not each query the database.
 */
public class Dashboard {

  /** How long a summary is reused. */
  static final Duration FRESH = Duration.ofSeconds(5);

  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile Summary last;

  public Dashboard(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
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
    Timestamp t = Timestamp.from(now);
    Summary counts =
        jdbc.sql(
                "select"
                    + " (select count(*) from privileged_checkout where state = 'REQUESTED'),"
                    + " (select count(*) from privileged_checkout where state = 'ACTIVE'),"
                    + " (select count(*) from privileged_checkout where state = 'ACTIVE'"
                    + "    and expires_at < ?),"
                    + " (select count(*) from privileged_checkout where state = 'ROTATION_PENDING'),"
                    + " (select count(*) from lifecycle_plan where status = 'HELD'),"
                    + " (select count(*) from policy_exception where status = 'REQUESTED'),"
                    + " (select count(*) from policy_exception where status = 'IN_FORCE'),"
                    + " (select count(*) from sanction where status <> 'LIFTED'),"
                    + " (select count(*) from sanction where status = 'REINSTATEMENT_REQUESTED'),"
                    + " (select count(*) from inventory_campaign where status = 'OPEN')")
            .param(t)
            .query((rs, n) ->
                new Summary(
                    now,
                    rs.getInt(1),
                    rs.getInt(2),
                    rs.getInt(3),
                    rs.getInt(4),
                    rs.getInt(5),
                    rs.getInt(6),
                    rs.getInt(7),
                    rs.getInt(8),
                    rs.getInt(9),
                    rs.getInt(10),
                    Map.of()))
            .single();
    Map<String, Integer> alerts = new LinkedHashMap<>();
    jdbc.sql(
            "select kind, count(*) from alert where resolved_at is null group by kind order by"
                + " kind")
        .query((rs, n) -> alerts.put(rs.getString(1), rs.getInt(2)))
        .list();
    return new Summary(
        now,
        counts.checkoutApprovals(),
        counts.checkoutsActive(),
        counts.checkInsOverdue(),
        counts.rotationsPending(),
        counts.plansHeld(),
        counts.exceptionsRequested(),
        counts.exceptionsInForce(),
        counts.sanctionsInForce(),
        counts.reinstatementsRequested(),
        counts.inventoriesOpen(),
        java.util.Collections.unmodifiableMap(alerts));
  }
}
