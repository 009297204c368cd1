package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies plans to accounts held in memory, as the LDAP and Keycloak appliers do to the real
 * targets: the model for "planning again after applying yields an empty plan".
 */
final class InMemoryTargets {

  final Map<String, TargetAccount> accounts = new LinkedHashMap<>();
  private int created;

  InMemoryTargets(List<TargetAccount> initial) {
    initial.forEach(a -> accounts.put(a.key(), a));
  }

  List<TargetAccount> read() {
    return new ArrayList<>(accounts.values());
  }

  void apply(Plan plan) {
    LocalDate today = plan.today();
    for (PlannedAction action : plan.changes()) {
      switch (action) {
        case PlannedAction.Create c -> {
          TargetAccount a =
              new TargetAccount(
                  c.target(),
                  "new-" + (++created),
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
                  Optional.empty());
          accounts.put(a.key(), a);
        }
        case PlannedAction.ChangeSections s ->
            replace(
                s.target(),
                s.accountId(),
                a ->
                    with(
                        a,
                        sections(a, s),
                        a.state(),
                        a.stopReason(),
                        a.stateSince(),
                        a.fullName()));
        case PlannedAction.Rename r ->
            replace(
                r.target(),
                r.accountId(),
                a ->
                    with(a, a.sections(), a.state(), a.stopReason(), a.stateSince(), r.fullName()));
        case PlannedAction.Suspend s ->
            replace(
                s.target(),
                s.accountId(),
                a ->
                    with(
                        a,
                        a.sections(),
                        AccountState.SUSPENDED,
                        Optional.of(s.stopReason()),
                        Optional.of(today),
                        a.fullName()));
        case PlannedAction.Restore r ->
            replace(
                r.target(),
                r.accountId(),
                a ->
                    with(
                        a,
                        a.sections(),
                        AccountState.ENABLED,
                        Optional.empty(),
                        Optional.of(today),
                        a.fullName()));
        case PlannedAction.Disable d ->
            replace(
                d.target(),
                d.accountId(),
                a ->
                    with(
                        a,
                        a.sections(),
                        AccountState.DISABLED,
                        Optional.of(d.stopReason()),
                        Optional.of(today),
                        a.fullName()));
        case PlannedAction.RestrictTiers t ->
            replace(t.target(), t.accountId(), a -> a.withSuspendedTiers(t.tiers()));
        case PlannedAction.Delete d -> accounts.remove(d.target() + ":" + d.accountId());
        case PlannedAction.Report r -> {}
        case PlannedAction.UpdateProfile u ->
            throw new AssertionError("this target keeps no profile fields: " + u);
      }
    }
  }

  private static Set<String> sections(TargetAccount a, PlannedAction.ChangeSections s) {
    Set<String> sections = new HashSet<>(a.sections());
    sections.removeAll(s.remove());
    sections.addAll(s.add());
    return sections;
  }

  private void replace(
      Target target, String id, java.util.function.UnaryOperator<TargetAccount> change) {
    String key = target + ":" + id;
    TargetAccount current = accounts.get(key);
    if (current == null) {
      throw new IllegalStateException("no account " + key);
    }
    accounts.put(key, change.apply(current));
  }

  private static TargetAccount with(
      TargetAccount a,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> stop,
      Optional<LocalDate> since,
      String fullName) {
    return new TargetAccount(
        a.target(),
        a.id(),
        a.employeeNumber(),
        a.loginName(),
        fullName,
        sections,
        state,
        state == AccountState.ENABLED ? Optional.empty() : stop,
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
