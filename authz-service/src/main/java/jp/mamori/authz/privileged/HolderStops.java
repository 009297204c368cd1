package jp.mamori.authz.privileged;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.lifecycle.PersonStops;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person HR stops or moves keeps no privileged ID (PR-3, PR-4, LC-2): at once — in the same run
 * that disables, suspends or moves their account — every checkout they hold is checked in (the
 * directory password rotated, the Keycloak role taken back), every request of theirs still waiting
 * is cancelled, and they are taken off the eligible and approver lists of every privileged ID; each
 * step is recorded, and the IDs' owners are told. Eligibility is not given back on return: the
 * owner registers the person again if the new post needs it.
 */
@Enforces(
    value = {"PR-3", "PR-4", "LC-2"},
    ja = "退職・休職・異動した職員の特権IDの貸出を直ちに終了し、パスワードを変更し、利用資格を取り消す",
    en =
        "Ends a leaver's, a suspended or a transferred person's privileged checkouts at once, rotates the password and withdraws their eligibility")
public final class HolderStops implements PersonStops {

  private static final Logger log = LoggerFactory.getLogger(HolderStops.class);

  /** Who the record names as ending the checkouts. */
  static final String ACTOR = "mamori:lifecycle";

  /** What was done for one person. */
  public record Ended(
      String person, List<Long> checkedIn, List<Long> cancelled, List<String> withdrawnFrom) {}

  private final PrivilegedStore store;
  private final CheckIns checkIns;
  private final Requests requests;
  private final TransactionTemplate tx;
  private final PrivilegedAlerts alerts;

  HolderStops(PrivilegedAccess access, TransactionTemplate tx, Alerts alerts) {
    this.store = access.store();
    this.checkIns = access.checkIns();
    this.requests = access.requests();
    this.tx = tx;
    this.alerts = new PrivilegedAlerts(alerts);
  }

  @Override
  public void stopped(List<Stop> stops) {
    for (Stop stop : stops) {
      try {
        end(stop);
      } catch (RuntimeException e) { // the next person still gets theirs ended
        log.error(
            "Ending the privileged rights of {} failed: {}", stop.employeeNumber(), e.toString());
        alerts.holderStopFailed(stop.employeeNumber(), e.getMessage());
      }
    }
  }

  /** Ends everything {@code stop}'s person holds or may request. */
  public Ended end(Stop stop) {
    String person = stop.employeeNumber();
    String why =
        switch (stop.kind()) {
              case LEFT -> "退職・無効化 / left";
              case SUSPENDED -> "停止 (出向・休職) / suspended";
              case TRANSFERRED -> "異動 / transferred";
            }
            + " (同期計画 / plan #"
            + stop.planId()
            + "): "
            + stop.reasonJa();
    return end(person, why);
  }

  /**
   * Ends everything {@code person} holds or may request, for the reason {@code why} as recorded (an
   * emergency revocation outside any lifecycle run).
   */
  public Ended end(String person, String why) {
    List<Long> checkedIn = new ArrayList<>();
    List<Long> cancelled = new ArrayList<>();
    for (Checkout c : store.openCheckoutsOf(person)) {
      switch (c.state()) {
        case ACTIVE -> {
          if (checkIns.claimActive(c.id())) {
            store.event(c.accountId(), c.id(), "HOLDER_STOPPED", ACTOR, why);
            checkIns.closeClaimed(c.id(), ACTOR); // rotates, or leaves it pending and retried
            checkedIn.add(c.id());
          }
        }
        case REQUESTED, APPROVED -> {
          requests.decide(c, Checkout.State.CANCELLED, ACTOR, why, Requests.WAITING);
          cancelled.add(c.id());
        }
        default -> {}
      }
    }
    List<String> withdrawnFrom = withdraw(person, why);
    if (!checkedIn.isEmpty() || !cancelled.isEmpty() || !withdrawnFrom.isEmpty()) {
      Set<String> owners = new LinkedHashSet<>();
      for (String id : withdrawnFrom) {
        store.account(id).ifPresent(a -> owners.add(a.owner()));
      }
      for (Long id : checkedIn) {
        store
            .checkout(id)
            .flatMap(c -> store.account(c.accountId()))
            .ifPresent(a -> owners.add(a.owner()));
      }
      for (String owner : owners) {
        alerts.holderStopped(owner, person, why);
      }
      log.info(
          "Ended what {} held ({}): {} checkouts checked in, {} requests cancelled, eligibility"
              + " withdrawn from {}",
          person,
          why,
          checkedIn.size(),
          cancelled.size(),
          withdrawnFrom);
    }
    return new Ended(person, checkedIn, cancelled, withdrawnFrom);
  }

  /** Takes the person off every ID's eligible and approver lists; returns the IDs changed. */
  private List<String> withdraw(String person, String why) {
    List<String> changed = new ArrayList<>();
    for (PrivilegedAccount account : store.accounts()) {
      boolean eligible = account.eligible().contains(person);
      boolean approver = account.approvers().contains(person);
      if (!eligible && !approver) {
        continue;
      }
      Set<String> newEligible = new LinkedHashSet<>(account.eligible());
      newEligible.remove(person);
      Set<String> newApprovers = new LinkedHashSet<>(account.approvers());
      newApprovers.remove(person);
      tx.executeWithoutResult(s -> {
        store.updateLists(account.id(), newEligible, newApprovers);
        store.event(
            account.id(),
            null,
            "ELIGIBILITY_WITHDRAWN",
            ACTOR,
            person
                + (eligible ? " 利用者から削除 / removed as eligible" : "")
                + (approver ? " 承認者から削除 / removed as approver" : "")
                + "; "
                + why);
      });
      changed.add(account.id());
    }
    return changed;
  }
}
