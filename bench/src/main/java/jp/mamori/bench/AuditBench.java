package jp.mamori.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.AuditLogStore;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.authz.stack.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 7: the audit log on PostgreSQL (the embedded binaries).
 *
 * <ul>
 *   <li>Appending: one event per transaction, as a change records itself; the chained append (hash
 *       after the head last seen, insert if that head is still the last) against the same insert
 *       into a table without chaining, same rows, same single writer, alternating in slices of 100
 *       events within each round. Goal ≥ 0.9× the rate (0.8× until 2026-12-07).
 *   <li>Verifying 1,000,000 events (read in order from PostgreSQL, every hash recomputed, links and
 *       checkpoints checked) against hashing the same fields in memory alone. Goal ≥ 0.5× that
 *       rate.
 * </ul>
 */
public final class AuditBench {

  private static final int APPEND_ROUNDS = 5;
  private static final int PER_ROUND = 2_000;
  private static final int SLICE = 100;
  private static final int VERIFY_EVENTS = 1_000_000;

  private AuditBench() {}

  public static void main(String[] args) {
    System.out.println();
    System.out.println("== Audit log benchmark (issue 7): PostgreSQL, embedded binaries ==");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
        HikariDataSource data = new HikariDataSource()) {
      data.setJdbcUrl(postgres.jdbcUrl());
      data.setUsername(postgres.username());
      data.setMaximumPoolSize(4);
      Flyway.configure().dataSource(data).locations("classpath:db/migration").load().migrate();
      JdbcTemplate jdbc = new JdbcTemplate(data);
      // the same table (columns, primary key, indexes), filled without chaining: the sequence
      // number from a sequence, the hash columns with a constant
      jdbc.execute("create table audit_plain (like audit_event including all)");
      jdbc.execute("create sequence audit_plain_seq");
      TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(data));
      AuditLog audit =
          new AuditLog(new AuditLogStore(jdbc), tx, Clock.systemUTC(), AuditSigner.generate());

      append(audit, jdbc, tx, 500, "warm-up"); // both paths, JIT and PostgreSQL caches
      plain(jdbc, tx, 500);
      double[] ratios = new double[APPEND_ROUNDS];
      double chainedRate = 0;
      double plainRate = 0;
      for (int r = 0; r < APPEND_ROUNDS; r++) {
        // the two paths alternate in slices of SLICE events, so that both see the same load of a
        // shared machine (with a whole round of each, one path's round could fall in a busy spell)
        long c = 0;
        long p = 0;
        for (int done = 0; done < PER_ROUND; done += SLICE) {
          c += append(audit, jdbc, tx, SLICE, "round " + r);
          p += plain(jdbc, tx, SLICE);
        }
        double cr = PER_ROUND * 1e9 / c;
        double pr = PER_ROUND * 1e9 / p;
        ratios[r] = cr / pr;
        chainedRate += cr;
        plainRate += pr;
      }
      java.util.Arrays.sort(ratios);
      double ratio = ratios[APPEND_ROUNDS / 2];
      System.out.printf(
          "append, one event per transaction: chained %,.0f/s, plain insert %,.0f/s (means of %d"
              + " rounds of %,d); ratio %.2fx (median; goal >= 0.9x) %s%n",
          chainedRate / APPEND_ROUNDS,
          plainRate / APPEND_ROUNDS,
          APPEND_ROUNDS,
          PER_ROUND,
          ratio,
          ratio >= 0.9 ? "PASS" : "FAIL");
      System.out.printf(
          "  ratios of the rounds, sorted: %s%n",
          java.util.Arrays.stream(ratios)
              .mapToObj(x -> String.format("%.2f", x))
              .collect(java.util.stream.Collectors.joining(", ")));

      if (Boolean.getBoolean("bench.audit.appendOnly")) { // profiling the append alone
        return;
      }
      long have = jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class);
      List<Entry> batch = new ArrayList<>(10_000);
      for (long i = have; i < VERIFY_EVENTS; i++) {
        batch.add(entry(i));
        if (batch.size() == 10_000 || i == VERIFY_EVENTS - 1) {
          audit.appendAll(batch);
          batch.clear();
        }
      }
      audit.checkpoint();
      jdbc.execute("vacuum analyze audit_event");
      audit.verify(); // warm-up
      long started = System.nanoTime();
      AuditChain.Verification v = audit.verify();
      long verifyNanos = System.nanoTime() - started;
      if (!v.intact() || v.events() != VERIFY_EVENTS) {
        throw new IllegalStateException(
            "expected an intact chain of " + VERIFY_EVENTS + " events; found " + v);
      }
      long hashNanos = hashOnly(VERIFY_EVENTS);
      double verifyRate = VERIFY_EVENTS * 1e9 / verifyNanos;
      double hashRate = VERIFY_EVENTS * 1e9 / hashNanos;
      double vr = verifyRate / hashRate;
      System.out.printf(
          "verify %,d events: %,d ms (%,.0f/s); hashing the same fields alone %,d ms (%,.0f/s);"
              + " ratio %.2fx (goal >= 0.5x) %s%n",
          VERIFY_EVENTS,
          verifyNanos / 1_000_000,
          verifyRate,
          hashNanos / 1_000_000,
          hashRate,
          vr,
          vr >= 0.5 ? "PASS" : "FAIL");
    }
  }

  private static long append(
      AuditLog audit, JdbcTemplate jdbc, TransactionTemplate tx, int n, String label) {
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      audit.append(entry(i));
    }
    return System.nanoTime() - started;
  }

  private static long plain(JdbcTemplate jdbc, TransactionTemplate tx, int n) {
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Entry e = entry(i);
      tx.executeWithoutResult(s ->
          jdbc.update(
              "insert into audit_plain (seq, at, kind, actor, subject, detail, requirement_ids,"
                  + " prev_hash, hash) values (nextval('audit_plain_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
              Timestamp.from(Instant.now()),
              e.kind(),
              e.actor(),
              e.subject(),
              e.detail(),
              e.requirementIds(),
              AuditChain.GENESIS,
              AuditChain.GENESIS));
    }
    return System.nanoTime() - started;
  }

  /** SHA-256 of the same fields, in memory, chained the same way. */
  private static long hashOnly(int n) {
    Instant at = Instant.now();
    String prev = AuditChain.GENESIS;
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Entry e = entry(i);
      prev =
          AuditChain.hash(
              i + 1, at, e.kind(), e.actor(), e.subject(), e.detail(), e.requirementIds(), prev);
    }
    long took = System.nanoTime() - started;
    if (prev.isEmpty()) {
      throw new IllegalStateException();
    }
    return took;
  }

  private static Entry entry(long i) {
    String staff = String.format("%06d", i % 40_000);
    return new Entry(
        "SYNC_SECTIONS",
        "mamori:plan/" + (i / 800),
        "staff/" + staff,
        AuditLog.detail(
            Map.of(
                "change",
                "SECTIONS|IDENTITY_PROVIDER|" + staff + "|+[K" + (i % 300) + "] -[F01]",
                "reasonJa",
                "異動 (発令日 2027-04-01)",
                "reasonEn",
                "transfer effective 2027-04-01")),
        "LC-1 LC-5");
  }
}
