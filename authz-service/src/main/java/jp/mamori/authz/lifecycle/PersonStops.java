package jp.mamori.authz.lifecycle;

import java.util.List;

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
}
