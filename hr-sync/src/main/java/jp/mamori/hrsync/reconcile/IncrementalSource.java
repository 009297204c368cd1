package jp.mamori.hrsync.reconcile;

import java.util.List;
import java.util.Set;

/**
 * A target that can tell which of its accounts changed since a mark of its own, so that a daily run
 * reads what changed instead of every account (the LDAP {@code modifyTimestamp}, Keycloak's admin
 * events through Mamori's provider). The core owns this port; the adapters implement it.
 */
public interface IncrementalSource {

  /**
   * Every account, completely or an exception, with the mark to ask for changes after: taken before
   * the read, so that a change made while reading is read again next time.
   */
  Complete readComplete();

  /**
   * The accounts created or changed since {@code mark}, and the IDs of those known to be gone; or
   * {@link Unknown} when this source cannot tell (no change record, record expired, a change that
   * touches accounts without recording each), and the caller must read everything. Never a partial
   * answer on an error: it throws.
   */
  ChangeRead changesSince(String mark);

  /** What a source could say about the changes since a mark. */
  sealed interface ChangeRead permits Changes, Unknown {}

  /** The source cannot tell; {@code why} in English, for the run's log and report. */
  record Unknown(String why) implements ChangeRead {}

  /** A complete read and the mark it was taken after. */
  record Complete(List<TargetAccount> accounts, String mark) {
    public Complete {
      accounts = List.copyOf(accounts);
    }
  }

  /** Accounts changed since a mark, the IDs gone, and the mark for next time. */
  record Changes(List<TargetAccount> changed, Set<String> gone, String mark) implements ChangeRead {
    public Changes {
      changed = List.copyOf(changed);
      gone = Set.copyOf(gone);
    }
  }
}
