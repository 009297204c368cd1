package jp.mamori.hrsync.keycloak.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mamori.hrsync.keycloak.KeycloakAdminClient;
import jp.mamori.hrsync.keycloak.KeycloakSettings;
import jp.mamori.hrsync.keycloak.KeycloakTimeouts;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official Keycloak distribution ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by the
 * Maven build from Maven Central) run as a child process on a free loopback port.
 *
 * <p>Used by the embedded default (demo) and by tests. Production points Mamori at an external
 * Keycloak instead; nothing here is used then.
 *
 * <ul>
 *   <li>The distribution is built once per home directory and database ({@link KeycloakBuild}) and
 *       then started with {@code --optimized}, which saves about 17 s per start on two cores.
 *   <li>The database is by default Keycloak's in-memory {@code dev-mem}: every start is a fresh
 *       Keycloak, so the demo and the tests never see each other's state. {@link Options} start it
 *       on PostgreSQL instead, as production runs it, alone or as one node of a cluster.
 *   <li>The bootstrap administrator's password is random per start and is never logged.
 *   <li>Keycloak's own output goes to a log file beside the distribution; on a failed start the
 *       exception carries its last lines.
 * </ul>
 *
 * <p>{@link #shared()} gives one instance per JVM, so that a whole test run (every test class in a
 * module) shares one Keycloak; it is stopped by a shutdown hook.
 */
public final class EmbeddedKeycloak implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKeycloak.class);

  /** System property with Keycloak's heap options (default {@code -Xms128m -Xmx1g}). */
  public static final String HEAP_PROPERTY = "mamori.keycloak.heap";

  /** System property naming the unpacked distribution; the Maven build sets it. */
  public static final String HOME_PROPERTY = "mamori.keycloak.home";

  private static final String ADMIN_USERNAME = "mamori-bootstrap-admin";

  private static EmbeddedKeycloak shared;

  private final Process process;
  private final int httpPort;
  private final int httpsPort;
  private final String adminPassword;
  private final Path logFile;

  private EmbeddedKeycloak(
      Process process, int httpPort, int httpsPort, String adminPassword, Path logFile) {
    this.process = process;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.adminPassword = adminPassword;
    this.logFile = logFile;
  }

  /**
   * An HTTPS listener beside the HTTP one, asking clients for a certificate (mutual TLS, e.g. IC
   * cards as X.509 client certificates) and trusting the CAs of a trust store.
   *
   * @param certificate the server's certificate chain (PEM)
   * @param key the server's private key (PEM, PKCS#8)
   * @param trustStore PKCS#12 file with the CAs whose client certificates Keycloak accepts
   * @param trustStorePassword its password
   */
  public record Tls(Path certificate, Path key, Path trustStore, String trustStorePassword) {
    @Override
    public String toString() {
      return "Tls[certificate=" + certificate + ", trustStore=" + trustStore + "]";
    }
  }

  /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedKeycloak shared() {
    return shared(homeFromEnvironment());
  }

  /**
   * As {@link #shared()}, started from {@code home} (the embedded default finds it with {@link
   * KeycloakHome}); an instance already running is returned whatever its home.
   */
  public static synchronized EmbeddedKeycloak shared(Path home) {
    if (shared == null || !shared.process.isAlive()) {
      EmbeddedKeycloak started = start(home);
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * The distribution directory: system property {@value #HOME_PROPERTY}, else environment {@code
   * MAMORI_KEYCLOAK_HOME}.
   *
   * @throws IllegalStateException if neither is set or the directory holds no {@code bin/kc.sh}
   */
  public static Path homeFromEnvironment() {
    String configured = System.getProperty(HOME_PROPERTY, System.getenv("MAMORI_KEYCLOAK_HOME"));
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "Expected system property "
              + HOME_PROPERTY
              + " (or MAMORI_KEYCLOAK_HOME) to name the unpacked Keycloak distribution; found"
              + " neither. Run through Maven (./mvnw), which unpacks it and sets the property.");
    }
    return Path.of(configured);
  }

  /** Builds the distribution if needed, starts it, and waits until it is ready. */
  public static EmbeddedKeycloak start(Path home) {
    return start(home, Options.DEFAULT);
  }

  /**
   * As {@link #start(Path)}, with an HTTPS listener that asks for client certificates as well
   * ({@link #httpsBaseUrl()}).
   */
  public static EmbeddedKeycloak start(Path home, Tls tls) {
    return start(home, Options.DEFAULT.withTls(tls));
  }

  /**
   * As {@link #start(Path, Tls)} ({@code tls} may be null), trusting the CA certificates in {@code
   * trustedCertificates} (PEM files) for Keycloak's outgoing TLS connections — Keycloak's {@code
   * truststore-paths}, used by the LDAP federation over LDAPS to a directory signed by the
   * organisation's own CA.
   */
  public static EmbeddedKeycloak start(Path home, Tls tls, List<Path> trustedCertificates) {
    return start(home, Options.DEFAULT.withTls(tls).trusting(trustedCertificates));
  }

  /** Where Keycloak keeps its data: its in-memory dev database, or PostgreSQL as in production. */
  public sealed interface Database permits DevMem, Postgres {}

  /** Keycloak's in-memory database: every start is a fresh Keycloak. */
  public record DevMem() implements Database {}

  /**
   * A PostgreSQL database, as production runs Keycloak: the state survives a restart, and several
   * Keycloak nodes may share it.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/keycloak}
   * @param username the database user
   * @param password its password, empty for none; never shown by {@code toString()}
   */
  public record Postgres(String jdbcUrl, String username, String password) implements Database {
    @Override
    public String toString() {
      return "Postgres[" + jdbcUrl + ", username=" + username + ", password=***]";
    }
  }

  /**
   * How to start Keycloak.
   *
   * @param tls an HTTPS listener asking for client certificates, or null for HTTP only
   * @param trustedCertificates CA certificates (PEM) for Keycloak's outgoing TLS connections
   * @param database where Keycloak keeps its data
   * @param clustered whether this node joins the other nodes on the same database in one cluster
   *     (Infinispan over JGroups on loopback, members found through the database): login failures
   *     and sessions are then shared between the nodes as in a production cluster
   * @param joining a running node on the same database whose administrator this node uses (the
   *     bootstrap administrator is created only by the first start on a database), or null
   */
  public record Options(
      Tls tls,
      List<Path> trustedCertificates,
      Database database,
      boolean clustered,
      EmbeddedKeycloak joining) {

    /** HTTP only, the in-memory database, no cluster. */
    public static final Options DEFAULT = new Options(null, List.of(), new DevMem(), false, null);

    public Options {
      trustedCertificates = List.copyOf(trustedCertificates);
      if (clustered && database instanceof DevMem) {
        throw new IllegalArgumentException(
            "expected a shared database (Postgres) for a clustered Keycloak; found the in-memory"
                + " dev database, which each node has to itself");
      }
    }

    public Options withTls(Tls value) {
      return new Options(value, trustedCertificates, database, clustered, joining);
    }

    public Options trusting(List<Path> certificates) {
      return new Options(tls, certificates, database, clustered, joining);
    }

    public Options on(Database value) {
      return new Options(tls, trustedCertificates, value, clustered, joining);
    }

    /** A cluster node, the first one ({@code first} null) or one joining {@code first}. */
    public Options clusteredWith(EmbeddedKeycloak first) {
      return new Options(tls, trustedCertificates, database, true, first);
    }
  }

  /** Builds the distribution for {@code options} if needed, starts it, and waits until ready. */
  public static EmbeddedKeycloak start(Path home, Options options) {
    Path kcSh = home.resolve("bin/kc.sh");
    if (!Files.isRegularFile(kcSh)) {
      throw new IllegalStateException(
          "Expected the Keycloak distribution at "
              + home
              + " (bin/kc.sh); found no such file. Run ./mvnw -pl hr-sync generate-resources to"
              + " unpack org.keycloak:keycloak-quarkus-dist.");
    }
    Path buildHome = KeycloakBuild.prepare(home, options.database());
    String adminPassword =
        options.joining() == null
            ? KeycloakProcess.randomSecret()
            : options.joining().adminPassword;
    KeycloakProcess.Started started =
        KeycloakProcess.start(buildHome, options, ADMIN_USERNAME, adminPassword);
    return new EmbeddedKeycloak(
        started.process(),
        started.httpPort(),
        started.httpsPort(),
        adminPassword,
        started.logFile());
  }

  /** Base URL as browsers and clients must use it (a host name, so that WebAuthn works). */
  public String baseUrl() {
    return "http://localhost:" + httpPort;
  }

  /**
   * Base URL of the HTTPS listener (mutual TLS requested).
   *
   * @throws IllegalStateException if this Keycloak was started without {@link Tls}
   */
  public String httpsBaseUrl() {
    if (httpsPort < 0) {
      throw new IllegalStateException(
          "expected a Keycloak started with TLS (EmbeddedKeycloak.start(home, tls)); found one"
              + " with HTTP only");
    }
    return "https://localhost:" + httpsPort;
  }

  public int httpPort() {
    return httpPort;
  }

  /**
   * An admin client on the master realm as the bootstrap administrator, with {@link
   * KeycloakTimeouts#DEFAULT}. The caller closes it. The admin client refreshes its token itself
   * (the master realm's tokens live 60 s).
   */
  public Keycloak adminClient() {
    return adminClient(KeycloakTimeouts.DEFAULT);
  }

  /** As {@link #adminClient()}, waiting at most {@code timeouts} for this Keycloak. */
  public Keycloak adminClient(KeycloakTimeouts timeouts) {
    return KeycloakAdminClient.connect(
        new KeycloakSettings(
            baseUrl(), "master", "admin-cli", ADMIN_USERNAME, adminPassword, "master", timeouts));
  }

  /**
   * The Keycloak server's JVM (the process {@code kc.sh} starts), for tests that take the server
   * away: freeze it ({@code SIGSTOP}), let it go on, or kill it.
   */
  public ProcessHandle serverProcess() {
    return process
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElse(process.toHandle());
  }

  private static final java.util.regex.Pattern CLUSTER_VIEW =
      java.util.regex.Pattern.compile("ISPN000094: .*\\|\\d+\\] \\((\\d+)\\)");

  /**
   * How many members the cluster has as this node last saw it (Infinispan's "new cluster view",
   * ISPN000094, in its log): 0 before the first view and for a node started without a cluster.
   */
  public int clusterMembers() {
    int members = 0;
    try {
      for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
        java.util.regex.Matcher view = CLUSTER_VIEW.matcher(line);
        if (view.find()) {
          members = Integer.parseInt(view.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read Keycloak's log " + logFile, e);
    }
    return members;
  }

  /** Credentials for configuring Mamori against this instance (the admin username and password). */
  public AdminCredentials adminCredentials() {
    return new AdminCredentials(ADMIN_USERNAME, adminPassword);
  }

  /** The bootstrap administrator; {@code toString()} never shows the password. */
  public record AdminCredentials(String username, String password) {
    @Override
    public String toString() {
      return "AdminCredentials[username=" + username + ", password=***]";
    }
  }

  /**
   * Stops Keycloak: a graceful stop (SIGTERM to the server JVM that {@code kc.sh} started, then to
   * the script), forced after 20 s. Idempotent.
   */
  @Override
  public void close() {
    KeycloakProcess.stop(process);
  }

  @Override
  public String toString() {
    return "EmbeddedKeycloak[" + baseUrl() + ", alive=" + process.isAlive() + "]";
  }
}
