package jp.mamori.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import jp.mamori.authz.stack.EmbeddedPostgres;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;

/**
 * A Keycloak for a benchmark, on the database production uses: PostgreSQL (the embedded one, a
 * fresh instance per Keycloak), or with {@code -Dbench.keycloak.db=dev-mem} Keycloak's in-memory
 * dev database as the earlier figures were measured.
 */
final class BenchKeycloak implements AutoCloseable {

  /**
   * System property choosing Keycloak's database: {@code postgres} (default) or {@code dev-mem}.
   */
  static final String DB_PROPERTY = "bench.keycloak.db";

  private final EmbeddedKeycloak keycloak;
  private final EmbeddedPostgres postgres;

  private BenchKeycloak(EmbeddedKeycloak keycloak, EmbeddedPostgres postgres) {
    this.keycloak = keycloak;
    this.postgres = postgres;
  }

  /** Starts one, on the database {@value #DB_PROPERTY} names. */
  static BenchKeycloak start(Path home) throws SQLException {
    String db = System.getProperty(DB_PROPERTY, "postgres");
    switch (db) {
      case "dev-mem" -> {
        return new BenchKeycloak(EmbeddedKeycloak.start(home), null);
      }
      case "postgres" -> {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        try (Connection c =
                DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
            Statement s = c.createStatement()) {
          s.execute("create database keycloak");
        }
        EmbeddedKeycloak keycloak =
            EmbeddedKeycloak.start(
                home,
                EmbeddedKeycloak.Options.DEFAULT.on(
                    new EmbeddedKeycloak.Postgres(
                        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/keycloak",
                        postgres.username(),
                        "unused-trust-authentication")));
        return new BenchKeycloak(keycloak, postgres);
      }
      default ->
          throw new IllegalArgumentException(
              DB_PROPERTY + ": expected postgres or dev-mem, found " + db);
    }
  }

  /** The database in words, for the printed figures. */
  static String database() {
    return "dev-mem".equals(System.getProperty(DB_PROPERTY, "postgres"))
        ? "Keycloak on its in-memory dev database"
        : "Keycloak on PostgreSQL";
  }

  /** True when Keycloak runs on PostgreSQL, as in production (the tighter goals apply). */
  static boolean onPostgres() {
    return !"dev-mem".equals(System.getProperty(DB_PROPERTY, "postgres"));
  }

  /**
   * Goal for Mamori's initial provisioning as a share of Keycloak's LDAP-federation full sync: 0.33
   * on PostgreSQL (as in production), 1.0 on the dev database (the first round's goal).
   */
  static double importGoal() {
    return onPostgres() ? 0.33 : 1.0;
  }

  /** Goal for the daily 1 % run as a share of the initial run: 2 % on PostgreSQL, 5 % on dev. */
  static double dailyGoal() {
    return onPostgres() ? 0.02 : 0.05;
  }

  EmbeddedKeycloak keycloak() {
    return keycloak;
  }

  /**
   * What the operations guide asks after the first import: {@code ANALYZE} in Keycloak's database,
   * so that PostgreSQL plans its queries with statistics of the tables that just grew by the whole
   * staff (without, the weekly complete read right after a 40,000-staff import took 67-72 s instead
   * of a few). Returns the milliseconds it took; 0 on the dev database, which has nothing to
   * analyse.
   */
  long analyze() throws SQLException {
    if (postgres == null) {
      return 0;
    }
    long t0 = System.nanoTime();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/keycloak",
                postgres.username(),
                "");
        Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Override
  public void close() {
    keycloak.close();
    if (postgres != null) {
      postgres.close();
    }
  }
}
