package jp.mamori.authz.governance;

import static jp.mamori.authz.governance.GovernanceEvents.fields;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.claims.RowLeases;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal.Fault;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.policy.Enforces;

/**
 * ID inventories (棚卸, LC-3). A campaign lists every personal ID of the directory and Keycloak, one
 * item per person, with its sections and states next to what HR says (findings: not in HR, stopped
 * in HR, sections differ, an HR change not yet effective). The section head of a section answers
 * for its staff — "still needed" or "no longer needed" — by the deadline; an ID with no section is
 * answered by an ID administrator; nobody answers for their own ID. At the deadline, IDs not
 * confirmed and IDs no longer needed are suspended in both targets (sessions end), with {@link
 * StopReason#INVENTORY_UNCONFIRMED} or {@link StopReason#INVENTORY_NOT_NEEDED}, which only an
 * administrator lifts. The closing is taken by one instance, item by item, so a closing cut off
 * resumes where it stopped. Items, answers and outcomes are kept; every step is in the audit log.
 */
@Enforces(
    value = {"LC-3"},
    ja = "ID棚卸: 所属長が職員のIDを人事データと照合して確認し、期限までに確認されないIDを停止する",
    en =
        "ID inventory: section heads confirm their staff's IDs against HR; IDs not confirmed by the deadline are suspended")
public class Inventories {

  /** What a section head answers. */
  public enum Decision {
    CONFIRMED,
    NOT_NEEDED
  }

  /** What the closing did to an item's IDs. */
  public enum Outcome {
    KEPT,
    SUSPENDED_UNCONFIRMED,
    SUSPENDED_NOT_NEEDED,
    ALREADY_STOPPED,
    GONE,
    FAILED,
    CANCELLED
  }

  /** Campaign states. */
  public enum Status {
    OPEN,
    CLOSING,
    CLOSED
  }

  /** The shortest and longest time between the start and the deadline. */
  public static final Duration MIN_PERIOD = Duration.ofHours(1);

  public static final Duration MAX_PERIOD = Duration.ofDays(90);

  /** A closing's lease ({@link RowLeases}): held longer, it was cut off and is taken again. */
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

  /** A request that cannot be carried out as asked. */
  public static final class Refused extends GovernanceRefusal {
    private static final long serialVersionUID = 1L;

    Refused(Fault fault, String message) {
      super(fault, message, new Bilingual("ID棚卸: この操作はできません", "ID inventory: this cannot be done"));
    }
  }

  /** Who answers: username, the sections they head, and whether they are an ID administrator. */
  public record Answerer(String username, Set<String> headOf, boolean administrator) {}

  /** One campaign. */
  public record Campaign(
      long id,
      String title,
      String startedBy,
      Instant startedAt,
      Instant deadline,
      String hrSource,
      Status status,
      Optional<Instant> closedAt) {}

  /** One person's IDs in a campaign. */
  public record Item(
      long campaignId,
      String personKey,
      String username,
      String employeeNumber,
      String fullName,
      List<String> sections,
      String accounts,
      String hrSummary,
      List<String> findings,
      Optional<Decision> decision,
      Optional<String> decidedBy,
      Optional<String> note,
      Optional<Outcome> outcome,
      Optional<String> outcomeDetail) {

    /** Identifiers only; the name, HR data and notes are personal data. */
    @Override
    public String toString() {
      return "Item[campaign "
          + campaignId
          + ", "
          + personKey
          + ", "
          + decision
          + ", "
          + outcome
          + "]";
    }
  }

  /** What HR says, as of a day: the source's name and the expectation per employee number. */
  public record HrView(String source, Map<String, Planner.Expected> expected) {}

  private final AuditLog audit;
  private final Alerts alerts;
  private final List<ReconcileTarget> targets;
  private final Supplier<HrView> hr;
  private final Clock clock;
  private final ZoneId zone;
  private final String instance;
  private final InventoryStore store;
  private final InventoryClosing closing;

  public Inventories(
      InventoryStore store,
      AuditLog audit,
      Alerts alerts,
      List<ReconcileTarget> targets,
      Supplier<HrView> hr,
      Clock clock,
      ZoneId zone,
      String instance) {
    this.audit = audit;
    this.alerts = alerts;
    this.targets = List.copyOf(targets);
    this.hr = hr;
    this.clock = clock;
    this.zone = zone;
    this.instance = instance;
    this.store = store;
    this.closing =
        new InventoryClosing(
            store, store.leases(clock, instance), audit, alerts, this.targets, clock, zone);
  }

  // ------------------------------------------------------------------------------- start

  /**
   * Starts a campaign: reads every target completely and HR, stores one item per person, and
   * notifies the section head of each section (recipient {@code section-head:<code>}) and the ID
   * administrators for the IDs with no section.
   */
  public Campaign start(String actor, String title, Instant deadline) {
    Instant now = clock.instant();
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new Refused(
          Fault.INVALID,
          "title: expected a name of up to 200 characters, e.g. 令和9年度 上期 ID棚卸; found "
              + (title == null || title.isBlank() ? "nothing" : title.length() + " characters"));
    }
    if (deadline == null
        || deadline.isBefore(now.plus(MIN_PERIOD))
        || deadline.isAfter(now.plus(MAX_PERIOD))) {
      throw new Refused(
          Fault.INVALID,
          "deadline: expected a time between "
              + MIN_PERIOD.toHours()
              + " hour and "
              + MAX_PERIOD.toDays()
              + " days ahead; found "
              + deadline);
    }
    long open = store.notClosed();
    if (open > 0) {
      throw new Refused(
          Fault.CONFLICT,
          "an inventory campaign is still open: expected it closed before another starts");
    }
    HrView view = hr.get();
    Map<String, InventoryPeople.Person> people =
        InventoryPeople.people(InventoryClosing.readAll(targets));
    List<InventoryPeople.ItemRow> rows = new ArrayList<>();
    for (InventoryPeople.Person p : people.values()) {
      rows.add(InventoryPeople.itemRow(p, view.expected().get(p.employeeNumber())));
    }
    long id =
        audit.recorded(
            () -> store.insert(title.strip(), actor, now, deadline, view.source(), rows),
            created ->
                entry(
                    "INVENTORY_STARTED",
                    actor,
                    created,
                    fields(
                        "title", title.strip(),
                        "deadline", deadline.toString(),
                        "items", rows.size(),
                        "withFindings", rows.stream().filter(r -> !r.findings().isEmpty()).count(),
                        "hr", view.source())));
    Map<String, Integer> perSection = new TreeMap<>();
    for (InventoryPeople.ItemRow r : rows) {
      if (r.sections().isEmpty()) {
        perSection.merge("", 1, Integer::sum);
      }
      for (String s : r.sections()) {
        perSection.merge(s, 1, Integer::sum);
      }
    }
    perSection.forEach((section, count) ->
        alerts.notify(
            section.isEmpty() ? "ADMIN" : "section-head:" + section,
            "ID棚卸 #" + id + ": " + count + " 件の確認をお願いします (期限 " + deadline + ")",
            "ID inventory #" + id + ": please confirm " + count + " IDs by " + deadline,
            "未確認のIDは期限後に停止されます / IDs not confirmed by the deadline are suspended" + " (LC-3)"));
    return campaign(id);
  }

  // ------------------------------------------------------------------------------- answers

  /**
   * A section head (or, for an ID with no section, an ID administrator) answers for one person's
   * IDs while the campaign is open; a later answer replaces an earlier one.
   */
  public Item answer(
      long campaignId, String personKey, String decision, String note, Answerer who) {
    Campaign c = campaign(campaignId);
    if (c.status() != Status.OPEN || !clock.instant().isBefore(c.deadline())) {
      throw new Refused(
          Fault.CONFLICT,
          "inventory #"
              + campaignId
              + ": expected an open campaign before its deadline; found "
              + c.status()
              + ", deadline "
              + c.deadline());
    }
    Decision d;
    try {
      d = Decision.valueOf(decision == null ? "" : decision.strip());
    } catch (IllegalArgumentException e) {
      throw new Refused(
          Fault.INVALID, "decision: expected CONFIRMED or NOT_NEEDED; found " + decision);
    }
    if (d == Decision.NOT_NEEDED && (note == null || note.isBlank())) {
      throw new Refused(
          Fault.INVALID, "note: expected why the ID is no longer needed; found nothing");
    }
    Item item = item(campaignId, personKey);
    if (item.username().equals(who.username())) {
      throw new Refused(
          Fault.FORBIDDEN, "inventory: nobody answers for their own ID (" + who.username() + ")");
    }
    boolean allowed =
        item.sections().isEmpty()
            ? who.administrator()
            : item.sections().stream().anyMatch(who.headOf()::contains);
    if (!allowed) {
      throw new Refused(
          Fault.FORBIDDEN,
          who.username()
              + " may not answer for "
              + item.username()
              + ": expected the section head of "
              + (item.sections().isEmpty() ? "(no section: an ID administrator)" : item.sections())
              + "; "
              + who.username()
              + " heads "
              + who.headOf());
    }
    Instant now = clock.instant();
    String text = note == null ? "" : note.strip();
    audit.recorded(
        () -> store.answer(campaignId, personKey, d, who.username(), now, text),
        n ->
            entry(
                d == Decision.CONFIRMED ? "INVENTORY_CONFIRMED" : "INVENTORY_NOT_NEEDED",
                who.username(),
                campaignId,
                fields("person", item.username(), "note", text)));
    return item(campaignId, personKey);
  }

  /**
   * Cancels an open campaign (started by mistake, or superseded) with a reason: nothing is
   * suspended, the answers are kept, every item ends {@code CANCELLED}; on record.
   */
  public Campaign cancel(long id, String actor, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new Refused(
          Fault.INVALID, "reason: expected why the campaign is cancelled; found nothing");
    }
    Instant now = clock.instant();
    int changed =
        audit.recorded(
            () -> store.cancel(id, now, "cancelled: " + reason.strip()),
            n ->
                n == 0
                    ? null
                    : entry("INVENTORY_CANCELLED", actor, id, fields("reason", reason.strip())));
    if (changed == 0) {
      throw new Refused(
          Fault.CONFLICT,
          "inventory #"
              + id
              + ": expected an open campaign to cancel; found "
              + campaign(id).status());
    }
    return campaign(id);
  }

  /** The campaign open now, if any. */
  public Optional<Campaign> open() {
    return store.open();
  }

  // ------------------------------------------------------------------------------- closing

  /**
   * Closes every campaign past its deadline (one instance takes each; a closing cut off is taken
   * again after {@link #CLAIM_TIMEOUT}); returns how many were closed ({@link InventoryClosing}).
   */
  public int closeDue() {
    return closing.closeDue();
  }

  /** Counts of a campaign's items by outcome (or answer, while open). */
  public Map<String, Long> summary(long id) {
    return store.summary(id);
  }

  // ------------------------------------------------------------------------------- reading

  public List<Campaign> campaigns() {
    return store.campaigns();
  }

  public Campaign campaign(long id) {
    return store
        .campaign(id)
        .orElseThrow(() -> new Refused(Fault.CONFLICT, "no inventory campaign #" + id));
  }

  /** A campaign's items; with {@code sections}, only those of these sections. */
  public List<Item> items(long id, Optional<Set<String>> sections) {
    List<Item> all = store.items(id);
    return sections
        .map(s -> all.stream().filter(i -> i.sections().stream().anyMatch(s::contains)).toList())
        .orElse(all);
  }

  public Item item(long campaignId, String personKey) {
    return store
        .item(campaignId, personKey)
        .orElseThrow(() ->
            new Refused(Fault.CONFLICT, "inventory #" + campaignId + ": no item " + personKey));
  }

  // ------------------------------------------------------------------------------- helpers

  static Entry entry(String kind, String actor, long id, Map<String, ?> fields) {
    return new Entry(kind, actor, "inventory/" + id, AuditLog.detail(fields), "LC-3");
  }
}
