package jp.mamori.authz.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jp.mamori.authz.claims.RowLeases;
import jp.mamori.authz.governance.Inventories.Campaign;
import jp.mamori.authz.governance.Inventories.Decision;
import jp.mamori.authz.governance.Inventories.Item;
import jp.mamori.authz.governance.Inventories.Outcome;
import jp.mamori.authz.governance.Inventories.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inventory tables ({@code inventory_campaign}, {@code inventory_item}). */
public final class InventoryStore {

  private final JdbcClient jdbc;

  public InventoryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Counts of a campaign's items by outcome (or answer, while open). */
  Map<String, Long> summary(long id) {
    Map<String, Long> counts = new TreeMap<>();
    jdbc.sql(
            "select coalesce(outcome, coalesce(decision, 'UNANSWERED')) as k, count(*) as n"
                + " from inventory_item where campaign_id = ? group by 1")
        .param(id)
        .query((rs, i) -> counts.put(rs.getString("k"), rs.getLong("n")))
        .list();
    return counts;
  }

  List<Campaign> campaigns() {
    return jdbc.sql("select * from inventory_campaign order by id desc")
        .query(InventoryStore::campaignRow)
        .list();
  }

  Optional<Campaign> campaign(long id) {
    return jdbc.sql("select * from inventory_campaign where id = ?")
        .param(id)
        .query(InventoryStore::campaignRow)
        .optional();
  }

  List<Item> items(long id) {
    return jdbc.sql(
            "select * from inventory_item where campaign_id = ? order by sections, username")
        .param(id)
        .query(InventoryStore::itemRow)
        .list();
  }

  Optional<Item> item(long campaignId, String personKey) {
    return jdbc.sql("select * from inventory_item where campaign_id = ? and person_key = ?")
        .params(campaignId, personKey)
        .query(InventoryStore::itemRow)
        .optional();
  }

  /** The leases of this instance on the campaigns it closes. */
  RowLeases leases(Clock clock, String instance) {
    return new RowLeases(jdbc, clock, instance);
  }

  long notClosed() {
    return jdbc.sql("select count(*) from inventory_campaign where status <> 'CLOSED'")
        .query(Long.class)
        .single();
  }

  /** A campaign with its items, in the transaction opened for it; answers its ID. */
  long insert(
      String title,
      String actor,
      Instant at,
      Instant deadline,
      String hrSource,
      List<InventoryPeople.ItemRow> rows) {
    long created =
        jdbc.sql(
                """
                insert into inventory_campaign (title, started_by, started_at, deadline,
                    hr_source, status)
                values (?, ?, ?, ?, ?, 'OPEN') returning id\
                """)
            .params(title, actor, Timestamp.from(at), Timestamp.from(deadline), hrSource)
            .query(Long.class)
            .single();
    for (InventoryPeople.ItemRow r : rows) {
      jdbc.sql(
              """
              insert into inventory_item (campaign_id, person_key, username,
                  employee_number, full_name, sections, accounts, hr_summary, findings)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?)\
              """)
          .params(
              created,
              r.key(),
              r.username(),
              r.employeeNumber(),
              r.fullName(),
              String.join(",", r.sections()),
              r.accounts(),
              r.hrSummary(),
              String.join(",", r.findings()))
          .update();
    }
    return created;
  }

  int answer(long campaignId, String personKey, Decision d, String by, Instant at, String note) {
    return jdbc.sql(
            "update inventory_item set decision = ?, decided_by = ?, decided_at = ?,"
                + " note = ? where campaign_id = ? and person_key = ?")
        .params(d.name(), by, Timestamp.from(at), note, campaignId, personKey)
        .update();
  }

  /**
   * Closes an open campaign, its items not yet settled cancelled; answers the campaigns changed.
   */
  int cancel(long id, Instant at, String detail) {
    int n =
        jdbc.sql(
                "update inventory_campaign set status = 'CLOSED', closed_at = ? where id"
                    + " = ? and status = 'OPEN'")
            .params(Timestamp.from(at), id)
            .update();
    if (n == 1) {
      jdbc.sql(
              "update inventory_item set outcome = 'CANCELLED', outcome_at = ?,"
                  + " outcome_detail = ? where campaign_id = ? and outcome is null")
          .params(Timestamp.from(at), detail, id)
          .update();
    }
    return n;
  }

  Optional<Campaign> open() {
    return jdbc.sql(
            "select * from inventory_campaign where status = 'OPEN' order by id desc limit 1")
        .query(InventoryStore::campaignRow)
        .optional();
  }

  /** The campaigns past their deadline, and those whose closing was cut off. */
  List<Long> due(Instant now) {
    return jdbc.sql(
            "select id from inventory_campaign where (status = 'OPEN' and deadline <= ?) or"
                + " (status = 'CLOSING' and (claimed_until is null or claimed_until < ?))"
                + " order by id")
        .params(Timestamp.from(now), Timestamp.from(now))
        .query(Long.class)
        .list();
  }

  void closing(long id, Instant at) {
    jdbc.sql("update inventory_campaign set status = 'CLOSING', claimed_at = ? where id = ?")
        .params(Timestamp.from(at), id)
        .update();
  }

  /** The campaign's items with no outcome yet. */
  List<Item> unsettled(long id) {
    return jdbc.sql(
            "select * from inventory_item where campaign_id = ? and outcome is null"
                + " order by person_key")
        .param(id)
        .query(InventoryStore::itemRow)
        .list();
  }

  int outcome(long id, String personKey, Outcome o, Instant at, String detail) {
    return jdbc.sql(
            "update inventory_item set outcome = ?, outcome_at = ?, outcome_detail = ?"
                + " where campaign_id = ? and person_key = ? and outcome is null")
        .params(o.name(), Timestamp.from(at), detail, id, personKey)
        .update();
  }

  int closed(long id, Instant at) {
    return jdbc.sql(
            "update inventory_campaign set status = 'CLOSED', closed_at = ? where id = ?"
                + " and status = 'CLOSING'")
        .params(Timestamp.from(at), id)
        .update();
  }

  static Campaign campaignRow(ResultSet rs, int i) throws SQLException {
    return new Campaign(
        rs.getLong("id"),
        rs.getString("title"),
        rs.getString("started_by"),
        rs.getTimestamp("started_at").toInstant(),
        rs.getTimestamp("deadline").toInstant(),
        rs.getString("hr_source"),
        Status.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getTimestamp("closed_at")).map(Timestamp::toInstant));
  }

  static Item itemRow(ResultSet rs, int i) throws SQLException {
    return new Item(
        rs.getLong("campaign_id"),
        rs.getString("person_key"),
        rs.getString("username"),
        rs.getString("employee_number"),
        rs.getString("full_name"),
        split(rs.getString("sections")),
        rs.getString("accounts"),
        rs.getString("hr_summary"),
        split(rs.getString("findings")),
        Optional.ofNullable(rs.getString("decision")).map(Decision::valueOf),
        Optional.ofNullable(rs.getString("decided_by")),
        Optional.ofNullable(rs.getString("note")),
        Optional.ofNullable(rs.getString("outcome")).map(Outcome::valueOf),
        Optional.ofNullable(rs.getString("outcome_detail")));
  }

  private static List<String> split(String s) {
    return s == null || s.isEmpty() ? List.of() : List.of(s.split(","));
  }
}
