package jp.mamori.authz.lifecycle;

import java.util.List;
import jp.mamori.hrsync.reconcile.PlannedAction;

/**
 * What the lifecycle run tells the features that hold a person's other rights (privileged IDs): who
 * was stopped or moved by HR in an apply, once per person, after the changes were made. A listener
 * does its own work and records it; its failure never undoes the apply.
 */
@FunctionalInterface
public interface PersonStops {

  /** What HR did to the person. */
  enum Kind {
    /** Left: disabled or deleted (退職, contract ended, orphan, dormant). */
    LEFT,
    /** Suspended (出向, 休職 and the other leaves). */
    SUSPENDED,
    /** Moved: an old section withdrawn (異動). */
    TRANSFERRED
  }

  /**
   * One person stopped or moved.
   *
   * @param employeeNumber the person (their Keycloak username)
   * @param kind what happened
   * @param planId the plan applied
   * @param reasonJa why, as the plan said
   * @param reasonEn the same in English
   */
  record Stop(String employeeNumber, Kind kind, long planId, String reasonJa, String reasonEn) {}

  void stopped(List<Stop> stops);

  /**
   * Who the changes {@code made} stopped or moved, once per person (the strongest: left before
   * suspended before transferred).
   */
  static List<Stop> of(long planId, List<PlannedAction> made) {
    java.util.Map<String, Stop> byPerson = new java.util.LinkedHashMap<>();
    for (PlannedAction action : made) {
      Kind kind =
          switch (action) {
            case PlannedAction.Disable d -> Kind.LEFT;
            case PlannedAction.Delete d -> Kind.LEFT;
            case PlannedAction.Suspend s -> Kind.SUSPENDED;
            case PlannedAction.ChangeSections c when !c.remove().isEmpty() -> Kind.TRANSFERRED;
            default -> null;
          };
      if (kind == null || action.employeeNumber().isEmpty()) {
        continue;
      }
      Stop stop =
          new Stop(
              action.employeeNumber(), kind, planId, action.reason().ja(), action.reason().en());
      byPerson.merge(
          action.employeeNumber(), stop, (a, b) -> a.kind().compareTo(b.kind()) <= 0 ? a : b);
    }
    return List.copyOf(byPerson.values());
  }
}
