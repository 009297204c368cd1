package jp.mamori.authz.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.access.Terminals.Network;
import jp.mamori.authz.access.Terminals.Registered;
import jp.mamori.policy.Tier;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The terminal registry ({@code terminal}) and its changes ({@code terminal_event}), MF-4. */
public final class TerminalStore {

  private final JdbcClient jdbc;

  public TerminalStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts a terminal; a used ID fails with Spring's {@code DuplicateKeyException}. */
  void insert(
      String id,
      Tier tier,
      Optional<String> section,
      List<Network> networks,
      Instant at,
      String actor) {
    jdbc.sql(
            "insert into terminal (id, tier, section_code, networks, registered_at,"
                + " registered_by) values (?, ?, ?, ?, ?, ?)")
        .params(
            id,
            tier.name(),
            section.orElse(null),
            String.join(",", networks.stream().map(Network::text).toList()),
            Timestamp.from(at),
            actor)
        .update();
  }

  /** Retires a terminal not retired yet; answers the rows changed. */
  int retire(String id, Instant at, String actor, String reason) {
    return jdbc.sql(
            "update terminal set retired_at = ?, retired_by = ?, retire_reason = ?"
                + " where id = ? and retired_at is null")
        .params(Timestamp.from(at), actor, reason, id)
        .update();
  }

  int event(Instant at, String id, String action, String actor, String reason) {
    return jdbc.sql(
            "insert into terminal_event (at, terminal_id, action, actor, reason)"
                + " values (?, ?, ?, ?, ?)")
        .params(Timestamp.from(at), id, action, actor, reason)
        .update();
  }

  Optional<Registered> find(String id) {
    return jdbc.sql(
            "select id, tier, section_code, networks, registered_at, registered_by, retired_at"
                + " from terminal where id = ?")
        .param(id)
        .query((rs, n) -> row(rs))
        .optional();
  }

  List<Registered> list() {
    return jdbc.sql(
            "select id, tier, section_code, networks, registered_at, registered_by, retired_at"
                + " from terminal order by id")
        .query((rs, n) -> row(rs))
        .list();
  }

  private static Registered row(ResultSet rs) throws SQLException {
    List<Network> networks = new ArrayList<>();
    for (String n : rs.getString(4).split(",")) {
      networks.add(Network.parse(n));
    }
    return new Registered(
        rs.getString(1),
        Tier.valueOf(rs.getString(2)),
        Optional.ofNullable(rs.getString(3)),
        List.copyOf(networks),
        rs.getTimestamp(5).toInstant(),
        rs.getString(6),
        Optional.ofNullable(rs.getTimestamp(7)).map(Timestamp::toInstant));
  }
}
