package jp.mamori.authz.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jp.mamori.authz.governance.Inventories.Campaign;
import jp.mamori.authz.governance.Inventories.Decision;
import jp.mamori.authz.governance.Inventories.Item;
import jp.mamori.authz.governance.Inventories.Outcome;
import jp.mamori.authz.governance.Inventories.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads of the inventory tables ({@code inventory_campaign}, {@code inventory_item}). */
final class InventoryStore {

  private final JdbcClient jdbc;

  InventoryStore(JdbcClient jdbc) {
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
