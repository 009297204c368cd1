package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.List;
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
}
