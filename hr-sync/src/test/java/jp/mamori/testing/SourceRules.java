package jp.mamori.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rules on the source text that a compiled-class check cannot see. A type of the project named in
 * full in code ({@code jp.mamori.hrsync.keycloak.KeycloakTarget target = …}) hides a dependency
 * from the file's import list, where a reader and the architecture review look for it.
 */
public final class SourceRules {

  private static final Pattern QUALIFIED =
      Pattern.compile("\\bjp\\.mamori(\\.[a-z][a-z0-9_]*)+\\.[A-Z]");

  private SourceRules() {}

  /**
   * Fails, naming file and line, where code (not a comment, import, package line or string) names a
   * {@code jp.mamori} type in full, in the Java files under {@code roots} (relative to the module's
   * directory).
   */
  public static void assertNoFullyQualifiedMamoriTypes(String... roots) {
    List<String> found = new ArrayList<>();
    for (String root : roots) {
      Path dir = Path.of(root);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          scan(file, found);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the sources under " + dir, e);
      }
    }
    assertThat(found)
        .as("code lines naming a jp.mamori type in full instead of importing it")
        .isEmpty();
  }

  private static void scan(Path file, List<String> found) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    boolean inComment = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (inComment) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("/*")) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("*")
          || line.startsWith("//")
          || line.startsWith("import ")
          || line.startsWith("package ")) {
        continue;
      }
      var matcher = QUALIFIED.matcher(line);
      while (matcher.find()) {
        String before = line.substring(0, matcher.start());
        boolean inString = before.chars().filter(c -> c == '"').count() % 2 == 1;
        if (!inString && !before.contains("//")) {
          found.add(file + ":" + (i + 1) + ": " + line);
          break;
        }
      }
    }
  }
}
