package jp.mamori.authz.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.mamori.authz.MamoriApplication;
import jp.mamori.authz.audit.AuditSigner;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started in production mode with the directory holding the password, on a real
 * directory, Keycloak and PostgreSQL, with one joiner in its HR file.
 */
final class PilotService implements AutoCloseable {

  final EmbeddedPostgres postgres;
  final ConfigurableApplicationContext context;
  final Path hr;
  final String number;

  private PilotService(
      EmbeddedPostgres postgres, ConfigurableApplicationContext context, Path hr, String number) {
    this.postgres = postgres;
    this.context = context;
    this.hr = hr;
    this.number = number;
  }

  /**
   * @param directory where and how to reach the directory (people DN: the OU this run's staff are
   *     created in)
   * @param extra the mode's settings ({@code mamori.directory.password-policy-dn} …)
   */
  static PilotService start(
      EmbeddedKeycloak keycloak,
      String realm,
      DirectorySettings directory,
      Map<String, Object> extra)
      throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.start();
    Path dir = Files.createTempDirectory("mamori-pilot");
    Path key = dir.resolve("audit-signing-key.jwk");
    AuditSigner.load(key, true);
    String number = Long.toString(900000 + Math.floorMod(System.nanoTime(), 90000L));
    Path hr =
        Files.writeString(
            dir.resolve("hr.csv"),
            "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n"
                + number
                + ",連携 花子,レンケイ ハナコ,K01,市民課,主事,01,01,2024-04-01,\n");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, Object> properties =
        new java.util.TreeMap<>(
            Map.ofEntries(
                Map.entry("server.port", port),
                Map.entry("mamori.mode", "external"),
                Map.entry("mamori.console.base-url", "http://localhost:" + port),
                Map.entry("mamori.keycloak.server-url", keycloak.baseUrl()),
                Map.entry("mamori.keycloak.admin-username", keycloak.adminCredentials().username()),
                Map.entry("mamori.keycloak.admin-password", keycloak.adminCredentials().password()),
                Map.entry("mamori.keycloak.realm", realm),
                Map.entry("mamori.keycloak.console-client-secret", "pilot-console-secret-2027"),
                Map.entry("mamori.directory.host", directory.host()),
                Map.entry("mamori.directory.port", directory.port()),
                Map.entry("mamori.directory.use-tls", directory.useTls()),
                Map.entry("mamori.directory.bind-dn", directory.bindDn()),
                Map.entry("mamori.directory.bind-password", directory.bindPassword()),
                Map.entry("mamori.directory.people-dn", directory.peopleDn()),
                Map.entry("mamori.directory.schema", directory.schema().name()),
                Map.entry("mamori.directory.password-holder", "DIRECTORY"),
                Map.entry("mamori.audit.signing-key", key.toString()),
                Map.entry("mamori.hr.file", hr.toString()),
                Map.entry("spring.datasource.url", postgres.jdbcUrl()),
                Map.entry("spring.datasource.username", postgres.username())));
    directory
        .tls()
        .trustStore()
        .ifPresent(t -> {
          properties.put("mamori.directory.trust-store", t);
          properties.put(
              "mamori.directory.trust-store-password", directory.tls().trustStorePassword());
        });
    properties.putAll(extra);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(MamoriApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    return new PilotService(postgres, context, hr, number);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
    postgres.close();
  }
}
