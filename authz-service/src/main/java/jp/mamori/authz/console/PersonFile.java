package jp.mamori.authz.console;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.privileged.PrivilegedQueries;
import org.springframework.stereotype.Component;

/**
 * What the person's page shows besides the account's live state and actions: the person as the
 * staff register has them, their IDs in each target as the last run read them, the privileged IDs
 * they may check out or approve, and their history in the audit log — each read through the owning
 * feature's published queries.
 */
@Component
class PersonFile {

  /** Events of the person's history shown. */
  static final int HISTORY = 100;

  /**
   * A privileged ID the person is registered for.
   *
   * @param role {@code ELIGIBLE} (may check it out) or {@code APPROVER}
   */
  record Privileged(String id, String description, String role, String holders) {}

  /** The person's file. */
  record File(
      Optional<LifecycleQueries.Person> person,
      List<LifecycleQueries.TargetId> ids,
      java.util.Map<String, java.time.Instant> readAt,
      List<Privileged> privileged,
      List<AuditQueries.Event> history) {}

  private final AccountIndex index;
  private final LifecycleQueries lifecycle;
  private final PrivilegedQueries privileged;
  private final AuditQueries audit;
  private final Clock clock;

  PersonFile(
      AccountIndex index,
      LifecycleQueries lifecycle,
      PrivilegedQueries privileged,
      AuditQueries audit,
      Clock clock) {
    this.index = index;
    this.lifecycle = lifecycle;
    this.privileged = privileged;
    this.audit = audit;
    this.clock = clock;
  }

  /** An account was changed here: the list shows it at once (on this instance). */
  void changed() {
    index.forget();
  }

  File of(String username) {
    Optional<LifecycleQueries.Person> person = lifecycle.person(username);
    Set<String> names = new LinkedHashSet<>();
    names.add(username);
    person.ifPresent(p -> {
      names.add(p.employeeNumber());
      names.add(p.username());
    });
    AccountIndex.Rows rows = index.rows();
    List<LifecycleQueries.TargetId> ids =
        rows.rows().stream()
            .filter(r -> names.contains(r.employeeNumber()) || names.contains(r.username()))
            .flatMap(r -> r.ids().stream())
            .toList();
    List<Privileged> held =
        privileged.accountUse(clock.instant()).stream()
            .flatMap(a -> {
              java.util.stream.Stream.Builder<Privileged> b = java.util.stream.Stream.builder();
              if (a.eligible().stream().anyMatch(names::contains)) {
                b.add(new Privileged(a.id(), a.description(), "ELIGIBLE", a.holders()));
              }
              if (a.approvers().stream().anyMatch(names::contains)) {
                b.add(new Privileged(a.id(), a.description(), "APPROVER", a.holders()));
              }
              return b.build();
            })
            .toList();
    List<String> subjects = names.stream().map(n -> "staff/" + n).toList();
    return new File(person, ids, rows.readAt(), held, audit.about(subjects, HISTORY));
  }
}
