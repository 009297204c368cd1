package jp.mamori.hrsync.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a sync run would do: the actions with their reasons, and the guard's verdict. A dry run
 * shows it; applying carries it out. The {@link #fingerprint()} names exactly these actions, so an
 * approval given for one plan cannot be used for another.
 *
 * @param today the day the plan was made for (effective dating)
 * @param source the HR file's name
 * @param hrRows data rows in the HR file
 * @param rejectedRows rows rejected by validation (they cause no change)
 * @param warnings what a person should know about the run that changes nothing by itself, such as
 *     an HR export that has not changed for days (then leavers would never be processed); not part
 *     of the fingerprint
 */
public record Plan(
    LocalDate today,
    String source,
    int hrRows,
    int rejectedRows,
    List<PlannedAction> actions,
    Verdict verdict,
    List<Reason> warnings) {

  /** A plan without warnings. */
  public Plan(
      LocalDate today,
      String source,
      int hrRows,
      int rejectedRows,
      List<PlannedAction> actions,
      Verdict verdict) {
    this(today, source, hrRows, rejectedRows, actions, verdict, List.of());
  }

  public Plan {
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(source, "source");
    actions = List.copyOf(actions);
    Objects.requireNonNull(verdict, "verdict");
    warnings = List.copyOf(warnings);
  }

  /** This plan with {@code more} warnings added. */
  public Plan withWarnings(List<Reason> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Reason> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new Plan(today, source, hrRows, rejectedRows, actions, verdict, all);
  }

  /**
   * This plan with the joiners of {@code target} whose login name is taken ({@link
   * ReconcileTarget#namesTakenElsewhere}) reported instead of created, each naming the entry found.
   */
  public Plan withNamesTaken(Target target, Map<String, String> takenBy) {
    if (takenBy.isEmpty()) {
      return this;
    }
    List<PlannedAction> vetted =
        actions.stream()
            .map(a -> {
              if (a instanceof PlannedAction.Create c
                  && c.target() == target
                  && takenBy.containsKey(c.employeeNumber())) {
                String found = takenBy.get(c.employeeNumber());
                return (PlannedAction)
                    new PlannedAction.Report(
                        target,
                        c.employeeNumber(),
                        found,
                        Situation.DISPUTED,
                        Reason.of(
                            "ログイン名 "
                                + c.employeeNumber()
                                + " は既に "
                                + found
                                + " が使用しているため作成しません。その項目を確認し、本人のものなら職員番号を設定して紐付け、"
                                + "別人のものなら名前を変更してください",
                            "not created: the login name "
                                + c.employeeNumber()
                                + " is already held by "
                                + found
                                + ". Check that entry: if it is this person's, set the employee"
                                + " number on it to link it; if not, rename it",
                            "LC-6"));
              }
              return a;
            })
            .toList();
    return new Plan(today, source, hrRows, rejectedRows, vetted, verdict, warnings);
  }

  /** The actions that change something (reports excluded). */
  public List<PlannedAction> changes() {
    return actions.stream().filter(PlannedAction::changes).toList();
  }

  public boolean isEmpty() {
    return changes().isEmpty();
  }

  public boolean held() {
    return verdict instanceof Verdict.Held;
  }

  /** Number of actions of each kind, by simple class name, in a stable order. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (PlannedAction action : actions) {
      counts.merge(action.getClass().getSimpleName(), 1L, Long::sum);
    }
    return counts;
  }

  /** SHA-256 over the canonical form of the changing actions, in order. */
  public String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (PlannedAction action : changes()) {
        digest.update(action.canonical().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
