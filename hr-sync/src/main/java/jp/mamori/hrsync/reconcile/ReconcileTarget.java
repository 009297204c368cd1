package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.sync.TemporaryPassword;

/**
 * A system whose accounts are reconciled with HR, as the lifecycle run needs it. The core owns this
 * port; the LDAP and Keycloak adapters implement it.
 *
 * <p>Contract: {@link #read()} returns every account or throws — never a partial or empty list on
 * an error, because the planner takes a missing account for a missing account. {@link #apply} is
 * idempotent: applying an action whose effect is already there changes nothing and does not fail,
 * so a run cut off half-way can be completed by planning and applying again.
 */
public interface ReconcileTarget {

  Target target();

  List<TargetAccount> read();

  /**
   * Applies one action of this target. Returns the temporary password issued to a joiner, if any
   * (for the one-time hand-over; never stored).
   */
  Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today);

  /**
   * Applies several actions of this target, in order; an implementation may batch them (fewer
   * requests). Returns the actions applied, which is all of them unless it throws.
   *
   * @throws PartiallyApplied if it stops part-way; {@link PartiallyApplied#applied()} are the
   *     actions known to have taken effect, so that the run's record matches the changes made
   */
  default List<PlannedAction> applyAll(List<PlannedAction> actions, LocalDate today) {
    for (int i = 0; i < actions.size(); i++) {
      try {
        apply(actions.get(i), today);
      } catch (RuntimeException e) {
        throw new PartiallyApplied(actions.subList(0, i), actions.get(i), e);
      }
    }
    return actions;
  }

  /**
   * For joiners about to be created here, the entries that already hold the login name each would
   * get, anywhere the target requires that name to be unique (for Active Directory the whole
   * domain, not only the people subtree): employee number → the DN found. The plan reports these
   * instead of trying a creation the server would refuse every day. Empty when nothing collides or
   * the target has no such namespace.
   */
  default Map<String, String> namesTakenElsewhere(List<PlannedAction.Create> creates) {
    return Map.of();
  }

  /**
   * A batch that stopped part-way: what took effect, the action that failed first (in the plan's
   * order), and the actions not tried because the target stopped taking changes (its server went
   * away, stopped answering or refused Mamori's credentials); those wait for the next run, which
   * plans them again.
   */
  final class PartiallyApplied extends RuntimeException {
    private final transient List<PlannedAction> applied;
    private final transient PlannedAction failed;
    private final transient List<PlannedAction> notTried;

    public PartiallyApplied(
        List<PlannedAction> applied, PlannedAction failed, RuntimeException cause) {
      this(applied, failed, cause, List.of());
    }

    /**
     * @param notTried the actions neither applied nor failed: the batch stopped before sending them
     */
    public PartiallyApplied(
        List<PlannedAction> applied,
        PlannedAction failed,
        RuntimeException cause,
        List<PlannedAction> notTried) {
      super(
          failed.canonical()
              + ": "
              + cause.getMessage()
              + (notTried.isEmpty()
                  ? ""
                  : " (" + notTried.size() + " further changes not tried, left for the next run)"),
          cause);
      this.applied = List.copyOf(applied);
      this.failed = failed;
      this.notTried = List.copyOf(notTried);
    }

    public List<PlannedAction> applied() {
      return applied;
    }

    public PlannedAction failed() {
      return failed;
    }

    /** The actions not sent because the batch stopped; empty unless the target stopped. */
    public List<PlannedAction> notTried() {
      return notTried;
    }
  }
}
