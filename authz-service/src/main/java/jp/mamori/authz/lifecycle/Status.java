package jp.mamori.authz.lifecycle;

/**
 * Stored plan states. A type of its own, not nested in {@link LifecycleService}, so that {@code
 * PlanDecisions}, which reads them, does not depend back on the service that creates it.
 */
public enum Status {
  EMPTY,
  READY,
  HELD,
  APPROVED,
  PARTIAL,
  APPLIED,
  SUPERSEDED
}
