package jp.mamori.authz.revocation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.lifecycle.LifecycleService;
import jp.mamori.authz.lifecycle.Scope;
import jp.mamori.authz.lifecycle.Status;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.PlannedAction;

/**
 * A leaver whose HR row arrives outside the daily schedule (懲戒免職 decided this afternoon): an
 * "urgent" HR file holding just those rows is planned by the lifecycle's own planner for just those
 * people ({@link Scope}) and applied at once — their accounts stopped, their privileged checkouts
 * ended as any lifecycle stop does. The plan must hold stops only (disable, suspend, delete): a
 * file that would create, move or change anyone is refused before anything is applied, and goes
 * through the daily run instead. A plan the safety guard holds (any stop is a large share of a few
 * people) is approved by the person who asked, with their reason, on record.
 */
final class UrgentLeavers {

  /**
   * The most rows an urgent file may hold: the safety guard's hold is approved by the person
   * asking, which is sound for a few named leavers, never for a damaged export.
   */
  public static final int MAX_ROWS = 20;

  /**
   * What was done.
   *
   * @param planId the plan made (and applied, unless it was empty)
   * @param people the employee numbers of the file's rows
   * @param stops the stops the plan held: the employee number and the action as recorded ({@code
   *     62001 DISABLE|DIRECTORY|uid=62001,…|RETIRED})
   */
  public record Applied(
      long planId, Set<String> people, List<String> stops, Status status, List<String> failures) {}

  private final LifecycleService lifecycle;
  private final HrCsvReader reader;
  private final Clock clock;
  private final ZoneId zone;

  public UrgentLeavers(LifecycleService lifecycle, HrCsvReader reader, Clock clock, ZoneId zone) {
    this.lifecycle = lifecycle;
    this.reader = reader;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * Plans and applies the leaver stops of every row of {@code file}, now.
   *
   * @throws Revocations.Refused when the reason is missing, the file holds no row, or the plan
   *     holds a change other than a stop (nothing applied)
   */
  public Applied apply(Path file, String actor, String reason) throws HrFileException {
    if (reason == null || reason.isBlank()) {
      throw new Revocations.Refused("reason: expected why the rows cannot wait for the daily run");
    }
    Set<String> people = new LinkedHashSet<>();
    for (StaffRecord r : reader.read(file).records()) {
      people.add(r.employeeNumber());
    }
    if (people.isEmpty()) {
      throw new Revocations.Refused(
          "file: expected the urgent leavers' HR rows; found no valid row in "
              + file.getFileName());
    }
    if (people.size() > MAX_ROWS) {
      throw new Revocations.Refused(
          "file: expected at most "
              + MAX_ROWS
              + " urgent leavers; found "
              + people.size()
              + " people — apply it through the daily run, whose held plans another person approves");
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    LifecycleService.StoredPlan plan = lifecycle.plan(file, today, Scope.of(people));
    List<PlannedAction> changes = plan.plan().changes();
    List<String> others =
        changes.stream().filter(a -> !stop(a)).map(PlannedAction::canonical).toList();
    if (!others.isEmpty()) {
      throw new Revocations.Refused(
          "file: expected leavers only (stops) in an urgent file; plan #"
              + plan.id()
              + " would also make "
              + others
              + " — apply it through the daily run instead");
    }
    List<String> stops =
        changes.stream().map(a -> a.employeeNumber() + " " + a.canonical()).toList();
    if (changes.isEmpty()) {
      return new Applied(plan.id(), people, stops, plan.status(), List.of());
    }
    if (plan.status() == Status.HELD) {
      lifecycle.approve(
          plan.id(), plan.plan().fingerprint(), actor, "緊急 (退職者の即時停止) / urgent leavers: " + reason);
    }
    LifecycleService.ApplyResult result = lifecycle.apply(plan.id(), today);
    return new Applied(
        plan.id(), people, stops, result.status(), result.failure().stream().toList());
  }

  private static boolean stop(PlannedAction action) {
    return switch (action) {
      case PlannedAction.Disable d -> true;
      case PlannedAction.Suspend s -> true;
      case PlannedAction.Delete d -> true;
      default -> false;
    };
  }
}
