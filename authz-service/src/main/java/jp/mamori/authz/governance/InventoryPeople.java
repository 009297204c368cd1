package jp.mamori.authz.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * The people an inventory lists: personal accounts grouped per person, and each person's item —
 * sections, accounts, what HR says and what differs (pure; no I/O).
 */
final class InventoryPeople {

  private InventoryPeople() {}

  record Person(String key, String employeeNumber, List<TargetAccount> accounts) {}

  record ItemRow(
      String key,
      String username,
      String employeeNumber,
      String fullName,
      Set<String> sections,
      String accounts,
      String hrSummary,
      List<String> findings) {

    @Override
    public String toString() {
      return "ItemRow[" + key + ", findings " + findings + "]";
    }
  }

  /** Personal accounts grouped per person: by employee number, else by target and login name. */
  static Map<String, Person> people(List<TargetAccount> accounts) {
    Map<String, List<TargetAccount>> byKey = new TreeMap<>();
    for (TargetAccount a : accounts) {
      if (a.kind() != AccountKind.PERSONAL) {
        continue;
      }
      String key =
          a.employeeNumber().isEmpty()
              ? "no-number:" + a.target().name() + ":" + a.loginName()
              : a.employeeNumber();
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
    }
    Map<String, Person> people = new LinkedHashMap<>();
    byKey.forEach(
        (k, list) -> people.put(k, new Person(k, list.getFirst().employeeNumber(), list)));
    return people;
  }

  static ItemRow itemRow(Person p, Planner.Expected hr) {
    Set<String> sections = new TreeSet<>();
    StringBuilder accounts = new StringBuilder();
    String username = p.accounts().getFirst().loginName();
    String fullName = "";
    for (TargetAccount a : p.accounts()) {
      sections.addAll(a.sections());
      if (a.target() == Target.IDENTITY_PROVIDER) {
        username = a.loginName();
      }
      if (fullName.isEmpty()) {
        fullName = a.fullName();
      }
      if (!accounts.isEmpty()) {
        accounts.append("; ");
      }
      accounts
          .append(a.target().name())
          .append(' ')
          .append(a.loginName())
          .append(' ')
          .append(a.state().name())
          .append(a.stopReason().map(r -> " (" + r.name() + ")").orElse(""))
          .append(" sections=")
          .append(new TreeSet<>(a.sections()));
    }
    List<String> findings = new ArrayList<>();
    String hrSummary;
    boolean anyEnabled = p.accounts().stream().anyMatch(a -> a.state() == AccountState.ENABLED);
    if (hr == null) {
      findings.add("NOT_IN_HR");
      hrSummary = "人事データなし / no HR record";
    } else {
      hrSummary =
          hr.sectionName()
              + " "
              + new TreeSet<>(hr.sections())
              + " "
              + hr.state().name()
              + hr.stop().map(s -> " (" + s.ja() + ")").orElse("")
              + (hr.effective() ? "" : " 発令前 / not yet effective");
      if (!hr.effective()) {
        findings.add("HR_CHANGE_PENDING");
      }
      if (hr.effective() && hr.state() != AccountState.ENABLED && anyEnabled) {
        findings.add("HR_STOPPED");
      }
      if (hr.effective() && !new TreeSet<>(hr.sections()).equals(sections)) {
        findings.add("SECTION_DIFFERS");
      }
    }
    String acc = accounts.length() > 2000 ? accounts.substring(0, 2000) : accounts.toString();
    return new ItemRow(
        p.key(), username, p.employeeNumber(), fullName, sections, acc, hrSummary, findings);
  }
}
