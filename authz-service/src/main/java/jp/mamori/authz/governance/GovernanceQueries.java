package jp.mamori.authz.governance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code governance} publishes about exceptions, violations, sanctions and ID inventories to
 * the features that only read them (the reports, GV-6; the dashboard): read-only, answered as
 * records, so that its tables ({@code policy_exception}, {@code violation}, {@code sanction},
 * {@code inventory_campaign}, {@code inventory_item}) stay this feature's to change. Implemented
 * next to the store ({@link GovernanceQueryStore}).
 */
public interface GovernanceQueries {

  /**
   * One exception to the policy (GV-3).
   *
   * @param scopeKind what the exception applies to (a person, a section…)
   * @param decidedBy who approved or refused it, if decided
   * @param reportDue by when an emergency exception must be reported afterwards (emergency ones)
   * @param reportedAt when it was reported, if it was
   */
  record PolicyException(
      long id,
      String rule,
      String scopeKind,
      String scopeValue,
      String requestedBy,
      Optional<String> decidedBy,
      Instant endsAt,
      boolean emergency,
      String status,
      Optional<Instant> reportDue,
      Optional<Instant> reportedAt) {}

  /** The exceptions requested or in force, and those ending at or after {@code since}, by ID. */
  List<PolicyException> exceptions(Instant since);

  /** One violation recorded (GV-4). */
  record Violation(
      long id, String username, String reasonCode, String recordedBy, Instant recordedAt) {}

  /** The violations recorded at or after {@code since}, by ID. */
  List<Violation> violations(Instant since);

  /**
   * One sanction (GV-4).
   *
   * @param rightValue the right withdrawn (a role, a tier…); empty when the kind names it all
   * @param decidedBy who decided its reinstatement, if decided
   */
  record Sanction(
      long id,
      String username,
      String reasonCode,
      String measure,
      String rightKind,
      String rightValue,
      String imposedBy,
      Instant imposedAt,
      String status,
      Optional<String> decidedBy) {}

  /** The sanctions not lifted, and those decided at or after {@code since}, by ID. */
  List<Sanction> sanctions(Instant since);

  /** One ID inventory (LC-3). */
  record Inventory(long id, String title, Instant deadline, String status) {}

  /** The latest ID inventory, if there was one. */
  Optional<Inventory> latestInventory();

  /**
   * The answers of an inventory for one section.
   *
   * @param section the section, or {@code (所属なし / none)} for IDs without one
   * @param findings items that differ from HR
   * @param suspended items whose IDs were suspended at the deadline
   */
  record SectionTally(
      String section,
      long items,
      long confirmed,
      long notNeeded,
      long unanswered,
      long findings,
      long suspended) {}

  /** The answers of an inventory, section by section (in the sections' order). */
  List<SectionTally> tallies(long inventoryId);

  /**
   * What waits for someone in governance.
   *
   * @param exceptionsRequested exceptions waiting for the CISO (GV-3)
   * @param exceptionsInForce exceptions in force (GV-3)
   * @param sanctionsInForce sanctions not lifted, reinstatement requested or not (GV-4)
   * @param reinstatementsRequested sanctions whose reinstatement waits for the CISO (GV-4)
   * @param inventoriesOpen ID inventories open for answers (LC-3)
   */
  record Pending(
      int exceptionsRequested,
      int exceptionsInForce,
      int sanctionsInForce,
      int reinstatementsRequested,
      int inventoriesOpen) {}

  /** What waits for someone now. */
  Pending pending();
}
