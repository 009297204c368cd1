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
   * @param done its changes journalled as made (the apply's progress)
   * @param madeBy who made it in the console; null for a run (schedule, CLI, API)
   * @param sourceName the HR file as the maker named it (an uploaded file's name); null otherwise
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
      String scope,
      int done,
      String madeBy,
      String sourceName) {}

  /**
   * One change of a plan, in the plan's order.
   *
   * @param section the person's main section ({@code 所属コード 所属名}) as the HR file stated it when the
   *     plan was made; for plans made before sections were kept, the staff register's; empty when
   *     neither knows the person
   * @param outcome {@code DONE} once made, {@code FAILED} if an apply failed on it (and it is not
   *     made since); null while not attempted
   */
  record PlanChange(
      int seq,
      String type,
      String target,
      String employeeNumber,
      boolean destructive,
      String reasonJa,
      String reasonEn,
      String requirementIds,
      String section,
      String outcome) {}

  /**
   * Which changes of a plan to show: each criterion is ignored when blank.
   *
   * @param action the action type, exactly ({@code Create}, {@code Disable}, …)
   * @param section a part of the section (code or name)
   * @param reason a part of the reason, Japanese or English
   */
  record ChangeFilter(String action, String section, String reason) {

    public ChangeFilter {
      action = action == null ? "" : action.strip();
      section = section == null ? "" : section.strip();
      reason = reason == null ? "" : reason.strip();
    }

    public static ChangeFilter none() {
      return new ChangeFilter("", "", "");
    }
  }

  /**
   * The changes of a plan that {@code filter} selects, from {@code offset}, at most {@code limit}.
   */
  List<PlanChange> changes(long planId, ChangeFilter filter, int offset, int limit);

  /** How many changes of a plan {@code filter} selects. */
  int changeCount(long planId, ChangeFilter filter);

  /** The action types among a plan's changes, in order of name. */
  List<String> actionTypes(long planId);

  /** The sections among a plan's changes, in order. */
  List<String> sections(long planId);

  /**
   * A person of the staff register as HR stated them when a plan was last applied.
   *
   * @param updatedAt when the register last changed this row
   */
  record Person(
      String employeeNumber,
      String username,
      String fullName,
      String fullNameKana,
      String sectionCode,
      String sectionName,
      Instant updatedAt) {}

  /** Everyone in the staff register, by employee number. */
  List<Person> people();

  /** One person of the register, by employee number or username. */
  Optional<Person> person(String employeeNumberOrUsername);

  /** One person of the register by login name only (a signed-in user's own record). */
  Optional<Person> personByUsername(String username);

  /**
   * One account of a target as the last run read it (the target snapshot).
   *
   * @param state ENABLED, SUSPENDED or DISABLED
   * @param stopReason why it is stopped; null when enabled
   * @param status the account's status code by the one state model (a lockout after failed logins
   *     is not in the snapshot: only the live read shows it)
   */
  record TargetId(
      String target,
      String id,
      String employeeNumber,
      String loginName,
      String fullName,
      String kind,
      String state,
      String stopReason,
      LocalDate stateSince,
      Instant lastLogin,
      String status,
      String statusJa,
      String statusEn) {}

  /**
   * The targets' accounts as last read.
   *
   * @param readAt when each target's snapshot was saved, by target name
   */
  record TargetIds(Map<String, Instant> readAt, List<TargetId> accounts) {}

  /** The targets' accounts as the last run read them (empty before the first run). */
  TargetIds targetIds();

  /**
   * When each target was last read, by target name: cheap, for a reader of {@link #targetIds()} to
   * tell whether a run has read the targets since.
   */
  Map<String, Instant> targetsReadAt();

  /** The latest {@code limit} plans, newest first. */
  List<Plan> plans(int limit);

  /** One plan by its ID. */
  Optional<Plan> plan(long id);

  /** The first {@code limit} changes of a plan (its actions that change something). */
  default List<PlanChange> changes(long planId, int limit) {
    return changes(planId, ChangeFilter.none(), 0, limit);
  }

  /**
   * A stored plan as made, for the API: its status and its JSON report (written by {@code
   * PlanReport.json}).
   */
  record Report(String status, String json) {}

  /** The plan's status and report as made; empty when there is no such plan. */
  Optional<Report> report(long planId);
}
