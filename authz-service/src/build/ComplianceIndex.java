import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step of the compliance matrix (GV-6), run by Maven before the service's resources are
 * packaged: reads the sources of every module and writes one tab-separated line per
 *
 * <ul>
 *   <li>mechanism: {@code M, requirement, module, class, ja, en} for each requirement a class
 *       declares with {@code @Enforces};
 *   <li>test: {@code T, requirement, module, class, number of @Test methods} for each requirement a
 *       test class cites (in its name, documentation, assertions or data).
 * </ul>
 *
 * <p>Usage: {@code java ComplianceIndex.java <repository root> <output file>}.
 */
public class ComplianceIndex {

  static final List<String> MODULES =
      List.of("policies", "webauthn", "hr-sync", "authz-service", "keycloak-provider");

  static final Pattern REQUIREMENT = Pattern.compile("\\b(?:LC|PW|LG|MF|ZN|PR|AU|GV)-\\d+\\b");

  static final Pattern ENFORCES =
      Pattern.compile(
          "@(?:jp\\.mamori\\.policy\\.)?Enforces\\(\\s*(?:value\\s*=\\s*)?(\\{[^}]*\\}|\"[^\"]*\")\\s*,\\s*ja\\s*=\\s*"
              + "((?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?\\s*)+),\\s*en\\s*=\\s*"
              + "((?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*\\+?\\s*)+)\\)",
          Pattern.DOTALL);

  static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    TreeSet<String> lines = new TreeSet<>();
    for (String module : MODULES) {
      scan(root.resolve(module).resolve("src/main/java"), module, true, lines);
      scan(root.resolve(module).resolve("src/test/java"), module, false, lines);
    }
    Files.createDirectories(out.getParent());
    Files.write(out, new ArrayList<>(lines), StandardCharsets.UTF_8);
    long mechanisms = lines.stream().filter(l -> l.startsWith("M\t")).count();
    long tests = lines.stream().filter(l -> l.startsWith("T\t")).count();
    System.out.println(
        "compliance index: " + mechanisms + " mechanism and " + tests + " test entries -> " + out);
  }

  private static void scan(Path dir, String module, boolean main, TreeSet<String> lines)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String name =
          dir.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
      if (main) {
        if (name.endsWith(".Enforces")) {
          continue;
        }
        Matcher m = ENFORCES.matcher(text);
        while (m.find()) {
          String ja = strings(m.group(2));
          String en = strings(m.group(3));
          Matcher ids = STRING.matcher(m.group(1));
          while (ids.find()) {
            lines.add(String.join("\t", "M", ids.group(1), module, name, ja, en));
          }
        }
      } else {
        int tests = count(text, "@Test");
        if (tests == 0) {
          continue;
        }
        TreeSet<String> cited = new TreeSet<>();
        Matcher m = REQUIREMENT.matcher(text);
        while (m.find()) {
          cited.add(m.group());
        }
        for (String id : cited) {
          lines.add(String.join("\t", "T", id, module, name, Integer.toString(tests)));
        }
      }
    }
  }

  private static String strings(String concatenation) {
    StringBuilder out = new StringBuilder();
    Matcher m = STRING.matcher(concatenation);
    while (m.find()) {
      out.append(m.group(1).replace("\\\"", "\""));
    }
    return out.toString().replace('\t', ' ');
  }

  private static int count(String text, String token) {
    int n = 0;
    for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
      char next = i + token.length() < text.length() ? text.charAt(i + token.length()) : ' ';
      if (!Character.isLetterOrDigit(next)) {
        n++;
      }
    }
    return n;
  }
}
