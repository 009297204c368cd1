package jp.mamori.authz.console;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.lifecycle.LifecycleQueries.TargetId;
import jp.mamori.authz.shared.Bilingual;

/**
 * One person on the account list: as the staff register has them (or, before HR named them in an
 * applied plan, as a target has them), their IDs in the targets and the states that the list's
 * filter selects by.
 *
 * @param section {@code 所属コード 所属名}; empty when not known
 * @param ids the person's accounts in the targets, as the last run read them
 * @param states the states the filter knows that hold for any of their IDs
 */
record AccountRow(
    String employeeNumber,
    String username,
    String fullName,
    String fullNameKana,
    String section,
    List<TargetId> ids,
    Set<AccountState> states) {

  public AccountRow {
    ids = List.copyOf(ids);
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
  }

  /** The states the list filters by, Japanese first. */
  public enum AccountState {
    LOCKED("ロック中", "locked"),
    SUSPENDED("一時停止", "suspended"),
    DISABLED("無効", "disabled"),
    DORMANT("長期未使用", "dormant"),
    TEMPORARY_PASSWORD("仮パスワード未変更", "temporary password outstanding");

    private final Bilingual text;

    AccountState(String ja, String en) {
      this.text = new Bilingual(ja, en);
    }

    /** The name for people, in both languages. */
    public Bilingual text() {
      return text;
    }

    public String ja() {
      return text.ja();
    }

    public String en() {
      return text.en();
    }

    /** The state an ID's status code (the one state model) puts it in; null for an active one. */
    static AccountState of(String statusCode) {
      return switch (statusCode) {
        case "LOCKED", "TEMPORARILY_LOCKED" -> LOCKED;
        case "SUSPENDED" -> SUSPENDED;
        case "DISABLED" -> DISABLED;
        case "DORMANT" -> DORMANT;
        default -> null;
      };
    }
  }

  /** Whether the list shows the person as stopped somewhere (for emphasis). */
  public boolean stopped() {
    return !states.isEmpty();
  }

  /** The states as the list shows them, in the enum's order. */
  public List<AccountState> stateList() {
    return states.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(states));
  }
}
