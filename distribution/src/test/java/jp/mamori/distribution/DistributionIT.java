package jp.mamori.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive as a municipality installs it: unpacked into an empty folder, with nothing of the
 * build tree, {@code bin/mamori serve} starts the embedded default (PostgreSQL, the directory and
 * the Keycloak shipped in {@code lib/keycloak/}, unpacked once into the data folder), becomes
 * ready, and stops cleanly on SIGTERM with everything it started. The data folder is kept across
 * runs (under {@code mamori.cache.dir}), so that only the first run pays for unpacking and building
 * Keycloak.
 */
class DistributionIT {

  private static final Path DATA =
      Path.of(
          System.getProperty(
              "mamori.cache.dir", System.getProperty("user.home") + "/.cache/mamori"),
          "distribution-it");

  private static Installation installation;

  @BeforeAll
  static void unpack() throws Exception {
    installation =
        Installation.unpack(
            Path.of("target", "it-install").toAbsolutePath(),
            Map.of("MAMORI_DATA_DIR", DATA.toString()));
  }

  @Test
  void helpWhenAskedThenEveryCommandIsListedAndNothingStarts() throws Exception {
    Installation.Result help = installation.run(List.of("--help"), Duration.ofMinutes(1));

    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "serve",
            "check-hr",
            "plan",
            "apply",
            "audit verify",
            "audit keygen",
            "report",
            "revoke");
    Installation.Result one =
        installation.run(List.of("audit", "verify", "--help"), Duration.ofMinutes(1));
    assertThat(one.exit()).isZero();
    assertThat(one.out()).contains("監査ログの改ざん検証").contains("Verifies the audit log");
  }

  @Test
  void docsWhenShippedThenEveryRelativeLinkResolvesInsideTheArchive() throws Exception {
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    List<String> broken = new ArrayList<>();
    List<Path> pages;
    try (var files = Files.walk(installation.home)) {
      pages = files.filter(f -> f.toString().endsWith(".md")).toList();
    }
    for (Path page : pages) {
      Matcher m = link.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (m.find()) {
        String target = m.group(1).replaceFirst("#.*$", "");
        if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
          continue; // an anchor on the same page, or http:, https:, mailto:
        }
        if (!Files.exists(page.getParent().resolve(target))) {
          broken.add(installation.home.relativize(page) + " -> " + m.group(1));
        }
      }
    }
    assertThat(pages).as("the docs shipped in the archive").hasSizeGreaterThan(10);
    assertThat(broken)
        .as("links of the shipped docs that lead nowhere inside the archive")
        .isEmpty();
  }

  @Test
  void serveWhenTheConfiguredKeycloakIsMissingThenOneLineSaysWhereItLookedAndNoStackTrace()
      throws Exception {
    Path empty = Files.createDirectories(Path.of("target", "no-keycloak").toAbsolutePath());

    Installation.Result result =
        installation.run(
            List.of("serve", "--server.port=" + Installation.freePort()),
            Map.of("MAMORI_KEYCLOAK_HOME", empty.toString()),
            Duration.ofMinutes(3));

    assertThat(result.exit()).isNotZero();
    assertThat(result.out())
        .contains("Keycloak が見つかりません")
        .contains("Keycloak not found: expected bin/kc.sh in the configured mamori.keycloak.home")
        .contains(empty.toString())
        .doesNotContain("\tat ");
  }

  @Test
  void serveWhenStartedFromTheArchiveThenReadyAndStopsCleanly() throws Exception {
    int port = Installation.freePort();
    Path log = Path.of("target", "distribution-serve.log").toAbsolutePath();
    Process mamori = installation.serve(List.of("--server.port=" + port), log);
    try {
      // the first run on a machine unpacks and builds Keycloak (minutes on two busy cores)
      Installation.awaitReady(
          mamori,
          URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"),
          log,
          Duration.ofMinutes(8));
      assertThat(DATA.resolve("keycloak-" + keycloakVersion()).resolve("bin/kc.sh"))
          .as("Keycloak unpacked from the archive into the data folder")
          .isRegularFile();
      List<ProcessHandle> started = mamori.descendants().toList();
      assertThat(started).as("Keycloak and PostgreSQL run as child processes").isNotEmpty();

      mamori.toHandle().destroy(); // SIGTERM, as systemd stops it
      assertThat(mamori.waitFor(90, TimeUnit.SECONDS))
          .as("stopped within 90 s of SIGTERM")
          .isTrue();
      assertThat(mamori.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
      Poll.until(
          "every process bin/mamori started has stopped: " + started,
          Duration.ofSeconds(60),
          () -> started.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      if (mamori.isAlive()) {
        mamori.descendants().forEach(ProcessHandle::destroyForcibly);
        mamori.destroyForcibly();
      }
    }
  }

  private static String keycloakVersion() throws IOException {
    try (var zips = Files.newDirectoryStream(installation.home.resolve("lib/keycloak"), "*.zip")) {
      String name = zips.iterator().next().getFileName().toString();
      return name.replace("keycloak-quarkus-dist-", "").replace(".zip", "");
    }
  }
}
