package jp.mamori.authz.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * Whom a plan covers: everyone in the HR file, or only the people named (an administrator
 * onboarding one mid-year joiner from the export, without planning for everyone else). A scoped
 * plan reads and changes only the named people's HR rows and accounts; the file's rejected rows and
 * its guards still count, so a damaged export is no more usable for one person than for all.
 *
 * @param employees the employee numbers covered; empty = everyone
 */
public record Scope(Set<String> employees) {

  private static final Scope EVERYONE = new Scope(Set.of());

  public Scope {
    employees = Set.copyOf(employees);
  }

  public static Scope everyone() {
    return EVERYONE;
  }

  public static Scope of(Set<String> employees) {
    return new Scope(employees);
  }

  public boolean isEveryone() {
    return employees.isEmpty();
  }

  HrFile hr(HrFile file) {
    if (isEveryone()) {
      return file;
    }
    return new HrFile(
        file.file(),
        file.charset(),
        file.records().stream().filter(r -> employees.contains(r.employeeNumber())).toList(),
        file.problems(),
        file.dataRows(),
        file.rejectedEmployees());
  }

  List<TargetAccount> accounts(List<TargetAccount> accounts) {
    if (isEveryone()) {
      return accounts;
    }
    return accounts.stream().filter(a -> employees.contains(a.employeeNumber())).toList();
  }

  /** As stored with the plan: null for everyone, else the numbers in order, comma-separated. */
  String stored() {
    return isEveryone() ? null : String.join(",", new TreeSet<>(employees));
  }

  static Scope fromStored(Optional<String> stored) {
    return stored
        .filter(s -> !s.isBlank())
        .map(s -> new Scope(Set.of(s.split(","))))
        .orElse(EVERYONE);
  }
}
