package jp.mamori.authz.lifecycle;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.hrsync.sync.TemporaryPassword;

/**
 * In-memory twin of a reconciliation target (the real LDAP and Keycloak adapters are tested in
 * hr-sync), with failure injection: the target goes down before the n-th apply, or the process
 * "dies" right after the n-th apply took effect but before Mamori could record it.
 */
final class InMemoryTarget implements ReconcileTarget {

  private final Target target;
  final Map<String, TargetAccount> accounts = new LinkedHashMap<>();
  final Map<String, Integer> applications = new HashMap<>();
  private int applies;
  int downBeforeApply = -1;
  int dieAfterApply = -1;
  boolean readFails;

  InMemoryTarget(Target target) {
    this.target = target;
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public List<TargetAccount> read() {
    if (readFails) {
      throw new IllegalStateException("target unreachable (simulated)");
    }
    return new ArrayList<>(accounts.values());
  }

  @Override
  public Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
    applies++;
    if (applies == downBeforeApply) {
      throw new IllegalStateException("target went down (simulated)");
    }
    applications.merge(action.canonical(), 1, Integer::sum);
    switch (action) {
      case PlannedAction.Create c ->
          put(
              new TargetAccount(
                  target,
                  "id-" + c.employeeNumber(),
                  c.employeeNumber(),
                  c.employeeNumber(),
                  c.staff().fullName(),
                  c.sections(),
                  AccountState.ENABLED,
                  Optional.empty(),
                  Optional.of(today),
                  Optional.empty(),
                  Optional.empty(),
                  AccountKind.PERSONAL,
                  Optional.empty()));
      case PlannedAction.ChangeSections s -> {
        TargetAccount a = accounts.get(s.accountId());
        Set<String> sections = new HashSet<>(a.sections());
        sections.removeAll(s.remove());
        sections.addAll(s.add());
        put(copy(a, sections, a.state(), a.stopReason(), a.stateSince()));
      }
      case PlannedAction.Disable d -> {
        TargetAccount a = accounts.get(d.accountId());
        put(
            copy(
                a,
                a.sections(),
                AccountState.DISABLED,
                Optional.of(d.stopReason()),
                Optional.of(today)));
      }
      case PlannedAction.Suspend s -> {
        TargetAccount a = accounts.get(s.accountId());
        put(
            copy(
                a,
                a.sections(),
                AccountState.SUSPENDED,
                Optional.of(s.stopReason()),
                Optional.of(today)));
      }
      case PlannedAction.Restore r -> {
        TargetAccount a = accounts.get(r.accountId());
        put(copy(a, a.sections(), AccountState.ENABLED, Optional.empty(), Optional.of(today)));
      }
      case PlannedAction.RestrictTiers t ->
          put(accounts.get(t.accountId()).withSuspendedTiers(t.tiers()));
      case PlannedAction.Delete d -> accounts.remove(d.accountId());
      case PlannedAction.Rename r -> {}
      case PlannedAction.Report r -> {}
      case PlannedAction.UpdateProfile u ->
          throw new AssertionError("this target keeps no profile fields: " + u);
    }
    if (applies == dieAfterApply) {
      throw new IllegalStateException("process killed after the change took effect (simulated)");
    }
    return Optional.empty();
  }

  void put(TargetAccount account) {
    accounts.put(account.id(), account);
  }

  private static TargetAccount copy(
      TargetAccount a,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> stop,
      Optional<LocalDate> since) {
    return new TargetAccount(
        a.target(),
        a.id(),
        a.employeeNumber(),
        a.loginName(),
        a.fullName(),
        sections,
        state,
        stop,
        since,
        a.createdAt(),
        a.lastLogin(),
        a.kind(),
        a.endDate(),
        Optional.empty(), // a stop or restore settles any drift of the stop
        java.util.Map.of(),
        a.suspendedTiers());
  }
}
