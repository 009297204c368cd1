package jp.mamori.authz.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lifecycle} publishes about its runs and what they observed to the features that only
 * read it (the reports, GV-6; the dashboard and the console's sync-plan screen): read-only,
 * answered as records, so that its tables ({@code orphan_seen}, {@code login_activity}, {@code
 * login_watch}, {@code lifecycle_plan}, {@code lifecycle_plan_action}) stay this feature's to
 * change. Implemented next to the store ({@link LifecycleQueryStore}).
 */
public interface LifecycleQueries {

  /** The day each orphaned ID was first seen by a run (LC-3), by the ID's account key. */
  Map<String, LocalDate> orphansFirstSeen();

  /** The last login Mamori observed of one account of a target (LC-3). */
  record LastLogin(String target, String accountId, Instant at) {}

  /** The last logins observed, one per account that logged in while watched. */
  List<LastLogin> lastLogins();

  /** Since when each target's logins have been watched, by target name. */
  Map<String, Instant> loginsWatchedSince();

  /** Plans held by the mass-change guard, waiting for approval (LC-2). */
  int plansHeld();

  /**
   * One stored plan of a run (LC-2).
   *
   * @param planDate the plan's date (発令日 of the HR data), ISO
   * @param changes the plan's actions that change something
   * @param destructive those of them that disable or delete
   * @param heldReasons why the guard held it; null when not held
   * @param approvedBy who approved it when held; null otherwise
   * @param scope the employee numbers a scoped run was limited to; null for a whole run
   */
  record Plan(
      long id,
      Instant createdAt,
      String planDate,
      String status,
      int hrRows,
      int rejectedRows,
      int changes,
      int destructive,
      String heldReasons,
      String fingerprint,
      String approvedBy,
      String warnings,
      String scope) {}

  /** One change of a plan, in the plan's order. */
  record PlanChange(
      int seq,
      String type,
      String target,
      String employeeNumber,
      boolean destructive,
      String reasonJa,
      String reasonEn,
      String requirementIds) {}

  /** The latest {@code limit} plans, newest first. */
  List<Plan> plans(int limit);

  /** One plan by its ID. */
  Optional<Plan> plan(long id);

  /** The first {@code limit} changes of a plan (its actions that change something). */
  List<PlanChange> changes(long planId, int limit);
}
