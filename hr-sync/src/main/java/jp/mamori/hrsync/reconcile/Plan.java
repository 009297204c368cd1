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
 */
public record Plan(
    LocalDate today,
    String source,
    int hrRows,
    int rejectedRows,
    List<PlannedAction> actions,
    Verdict verdict) {

  public Plan {
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(source, "source");
    actions = List.copyOf(actions);
    Objects.requireNonNull(verdict, "verdict");
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
