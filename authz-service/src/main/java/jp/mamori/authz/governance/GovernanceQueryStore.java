package jp.mamori.authz.governance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL behind {@link GovernanceQueries}: reads only. Public so that the report's one-database
 * constructor (and tests) can build it; the service gets it from {@code GovernanceConfiguration}.
 */
public final class GovernanceQueryStore implements GovernanceQueries {

  private final JdbcClient jdbc;

  public GovernanceQueryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<PolicyException> exceptions(Instant since) {
    return jdbc.sql(
            "select id, rule, scope_kind, scope_value, requested_by, decided_by, ends_at,"
                + " emergency, status, report_due, reported_at from policy_exception where"
                + " status in ('REQUESTED', 'IN_FORCE') or ends_at >= ? order by id")
        .param(Timestamp.from(since))
        .query((rs, i) ->
            new PolicyException(
                rs.getLong("id"),
                rs.getString("rule"),
                rs.getString("scope_kind"),
                rs.getString("scope_value"),
                rs.getString("requested_by"),
                Optional.ofNullable(rs.getString("decided_by")),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getBoolean("emergency"),
                rs.getString("status"),
                Optional.ofNullable(rs.getTimestamp("report_due")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getTimestamp("reported_at")).map(Timestamp::toInstant)))
        .list();
  }

  @Override
  public List<Violation> violations(Instant since) {
    return jdbc.sql(
            "select id, username, reason_code, recorded_by, recorded_at from violation"
                + " where recorded_at >= ? order by id")
        .param(Timestamp.from(since))
        .query((rs, i) ->
            new Violation(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("reason_code"),
                rs.getString("recorded_by"),
                rs.getTimestamp("recorded_at").toInstant()))
        .list();
  }

  @Override
  public List<Sanction> sanctions(Instant since) {
    return jdbc.sql(
            "select id, username, reason_code, measure, right_kind, right_value, imposed_by,"
                + " imposed_at, status, decided_by from sanction where status <> 'LIFTED' or"
                + " decided_at >= ? order by id")
        .param(Timestamp.from(since))
        .query((rs, i) ->
            new Sanction(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("reason_code"),
                rs.getString("measure"),
                rs.getString("right_kind"),
                rs.getString("right_value"),
                rs.getString("imposed_by"),
                rs.getTimestamp("imposed_at").toInstant(),
                rs.getString("status"),
                Optional.ofNullable(rs.getString("decided_by"))))
        .list();
  }

  @Override
  public Optional<Inventory> latestInventory() {
    return jdbc.sql(
            "select id, title, deadline, status from inventory_campaign order by id desc limit 1")
        .query((rs, i) ->
            new Inventory(
                rs.getLong("id"),
                rs.getString("title"),
                rs.getTimestamp("deadline").toInstant(),
                rs.getString("status")))
        .optional();
  }

  @Override
  public List<SectionTally> tallies(long inventoryId) {
    return jdbc.sql(
            """
            select coalesce(nullif(sections, ''), '(所属なし / none)') as section,
                   count(*) as items,
                   count(*) filter (where decision = 'CONFIRMED') as confirmed,
                   count(*) filter (where decision = 'NOT_NEEDED') as not_needed,
                   count(*) filter (where decision is null) as unanswered,
                   count(*) filter (where findings <> '') as findings,
                   count(*) filter (where outcome like 'SUSPENDED%') as suspended
            from inventory_item where campaign_id = ? group by 1 order by 1
            """)
        .param(inventoryId)
        .query((rs, i) ->
            new SectionTally(
                rs.getString("section"),
                rs.getLong("items"),
                rs.getLong("confirmed"),
                rs.getLong("not_needed"),
                rs.getLong("unanswered"),
                rs.getLong("findings"),
                rs.getLong("suspended")))
        .list();
  }

  @Override
  public Pending pending() {
    return jdbc.sql(
            "select"
                + " (select count(*) from policy_exception where status = 'REQUESTED'),"
                + " (select count(*) from policy_exception where status = 'IN_FORCE'),"
                + " (select count(*) from sanction where status <> 'LIFTED'),"
                + " (select count(*) from sanction where status = 'REINSTATEMENT_REQUESTED'),"
                + " (select count(*) from inventory_campaign where status = 'OPEN')")
        .query((rs, n) ->
            new Pending(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))
        .single();
  }
}
