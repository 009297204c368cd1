package jp.mamori.authz.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The dashboard's figures as gauges ({@code /actuator/prometheus}): what waits for a person, the
 * same numbers on every instance (they are read from the shared database). Counters of work done by
 * one instance (sync runs and changes, locked-out logins seen) are kept where the work is done.
 */
final class OperationsMetrics implements MeterBinder {

  private final Dashboard dashboard;

  OperationsMetrics(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(
        registry,
        "mamori.checkouts",
        "state",
        "requested",
        "privileged checkouts",
        s -> s.checkoutApprovals());
    gauge(
        registry,
        "mamori.checkouts",
        "state",
        "active",
        "privileged checkouts",
        s -> s.checkoutsActive());
    gauge(
        registry,
        "mamori.checkouts",
        "state",
        "overdue",
        "privileged checkouts",
        s -> s.checkInsOverdue());
    gauge(
        registry,
        "mamori.checkouts",
        "state",
        "rotation_pending",
        "privileged checkouts",
        s -> s.rotationsPending());
    gauge(
        registry,
        "mamori.lifecycle.plans",
        "status",
        "held",
        "lifecycle plans",
        s -> s.plansHeld());
    gauge(
        registry,
        "mamori.exceptions",
        "status",
        "requested",
        "policy exceptions",
        s -> s.exceptionsRequested());
    gauge(
        registry,
        "mamori.exceptions",
        "status",
        "in_force",
        "policy exceptions",
        s -> s.exceptionsInForce());
    gauge(
        registry,
        "mamori.sanctions",
        "status",
        "in_force",
        "sanctions not lifted",
        s -> s.sanctionsInForce());
    gauge(
        registry,
        "mamori.sanctions",
        "status",
        "reinstatement_requested",
        "sanctions not lifted",
        s -> s.reinstatementsRequested());
    gauge(
        registry,
        "mamori.inventories",
        "status",
        "open",
        "ID inventories",
        s -> s.inventoriesOpen());
    Gauge.builder("mamori.alerts.open", dashboard, d -> d.summary().alertsOpenTotal())
        .description("open alerts for the information-system section")
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String tag,
      String value,
      String description,
      ToDoubleFunction<Dashboard.Summary> figure) {
    Gauge.builder(name, dashboard, d -> figure.applyAsDouble(d.summary()))
        .tag(tag, value)
        .description(description)
        .register(registry);
  }
}
