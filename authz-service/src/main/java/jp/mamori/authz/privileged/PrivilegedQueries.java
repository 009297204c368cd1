package jp.mamori.authz.privileged;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code privileged} publishes about its privileged IDs and their checkouts to the features
 * that only read them (the reports, GV-6; the dashboard): read-only, answered as records, so that
 * the tables ({@code privileged_account}, {@code privileged_checkout}) stay this feature's to
 * change. Implemented next to the store ({@link PrivilegedQueryStore}).
 */
public interface PrivilegedQueries {

  /**
   * One privileged ID in use (not retired) and how it was used since some time (PR-1, PR-5).
   *
   * @param eligible the people who may check it out, as registered
   * @param approvers the people who approve its checkouts, as registered
   * @param uses checkouts activated since then
   * @param secondsUsed seconds held by those checkouts (until check-in, or until now)
   * @param emergencies emergency checkouts requested since then
   * @param holders the requesters of its active checkouts, separated by a space; empty when none
   * @param lastRotatedAt when its password was last changed by Mamori, if ever
   */
  record AccountUse(
      String id,
      String description,
      String owner,
      List<String> eligible,
      List<String> approvers,
      long uses,
      double secondsUsed,
      long emergencies,
      String holders,
      Optional<Instant> lastRotatedAt) {

    public AccountUse {
      eligible = List.copyOf(eligible);
      approvers = List.copyOf(approvers);
    }
  }

  /** The privileged IDs in use, by ID, with their use since {@code since}. */
  List<AccountUse> accountUse(Instant since);

  /**
   * The checkouts that wait for someone.
   *
   * @param awaitingApproval requested, waiting for approval (PR-2)
   * @param active taken and not checked in (PR-3)
   * @param overdue active past their end, not yet checked in (PR-3)
   * @param rotationsPending checked in, password not rotated yet (PR-4)
   */
  record CheckoutCounts(int awaitingApproval, int active, int overdue, int rotationsPending) {}

  /** The checkouts that wait for someone at {@code now} (overdue is judged against it). */
  CheckoutCounts checkoutCounts(Instant now);
}
