package jp.mamori.authz.governance;

import java.util.List;
import jp.mamori.authz.governance.Inventories.Item;

/**
 * One person's IDs in a campaign as the API shows them (LC-3). Every member is always written; the
 * unanswered ones as {@code null}.
 *
 * @param key the person's key in the campaign (the path segment to answer by)
 * @param username the login name, or null for a person without an account
 * @param employeeNumber the employee number (職員番号)
 * @param fullName the name
 * @param sections the person's sections (所属)
 * @param accounts the person's IDs, as text
 * @param hr what HR says, as text
 * @param findings what the campaign found to check
 * @param decision the answer, or null
 * @param decidedBy who answered, or null
 * @param note the answer's note, or null
 * @param outcome what the closing did, or null
 * @param outcomeDetail its detail, or null
 */
record InventoryItemView(
    String key,
    String username,
    String employeeNumber,
    String fullName,
    List<String> sections,
    String accounts,
    String hr,
    List<String> findings,
    String decision,
    String decidedBy,
    String note,
    String outcome,
    String outcomeDetail) {

  static InventoryItemView of(Item i) {
    return new InventoryItemView(
        i.personKey(),
        i.username(),
        i.employeeNumber(),
        i.fullName(),
        i.sections(),
        i.accounts(),
        i.hrSummary(),
        i.findings(),
        i.decision().map(Enum::name).orElse(null),
        i.decidedBy().orElse(null),
        i.note().orElse(null),
        i.outcome().map(Enum::name).orElse(null),
        i.outcomeDetail().orElse(null));
  }

  /** Identifiers only; the name, HR data and notes are personal data. */
  @Override
  public String toString() {
    return "InventoryItemView[" + key + ", " + username + ", " + decision + ", " + outcome + "]";
  }
}
