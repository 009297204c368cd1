package jp.mamori.hrsync.reconcile;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Movers (異動) and renames of a linked account: sections granted and the old section's access
 * withdrawn (LC-5), a name change that keeps the ID.
 */
final class Movers {

  private Movers() {}

  static void changeSections(Target target, Desired d, TargetAccount a, List<PlannedAction> out) {
    if (a.sections().equals(d.sections())) {
      return;
    }
    Set<String> add = new TreeSet<>(d.sections());
    add.removeAll(a.sections());
    Set<String> remove = new TreeSet<>(a.sections());
    remove.removeAll(d.sections());
    out.add(
        new PlannedAction.ChangeSections(
            target,
            d.employeeNumber(),
            a.id(),
            add,
            remove,
            Situation.LINKED,
            Reason.of(
                "異動 (発令日 " + d.from() + "): 付与 " + add + "、旧所属の権限を削除 " + remove,
                "transfer (effective " + d.from() + "): grant " + add + ", withdraw old " + remove,
                "LC-5",
                "ZN-1",
                "GV-2")));
  }

  static void rename(Target target, Desired d, TargetAccount a, List<PlannedAction> out) {
    String name = d.primary().fullName();
    if (!a.fullName().isEmpty() && !sameName(a.fullName(), name)) {
      out.add(
          new PlannedAction.Rename(
              target,
              d.employeeNumber(),
              a.id(),
              name,
              Situation.LINKED,
              Reason.of("氏名変更 (ID は維持)", "name change (the ID is kept)", "LC-1")));
    }
  }

  /** 氏名 compared with half- and full-width spaces alike, as targets store them differently. */
  static boolean sameName(String a, String b) {
    return a.equals(b) || normalizeName(a).equals(normalizeName(b));
  }

  /** Full-width spaces as half-width, surrounding spaces removed, runs of spaces as one. */
  static String normalizeName(String name) {
    String spaced = name.replace('\u3000', ' ').strip();
    StringBuilder out = new StringBuilder(spaced.length());
    for (int i = 0; i < spaced.length(); i++) {
      char c = spaced.charAt(i);
      if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
        out.append(c);
      }
    }
    return out.toString();
  }

  static boolean differs(Desired d, TargetAccount a) {
    return !a.sections().equals(d.sections())
        || a.state() != d.state()
        || a.target() == Target.IDENTITY_PROVIDER && !a.suspendedTiers().equals(d.suspendedTiers());
  }
}
