package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.mamori.authz.audit.AuditSettings;
import jp.mamori.authz.credential.CredentialSettings;
import jp.mamori.authz.governance.GovernanceSettings;
import jp.mamori.authz.lifecycle.LifecycleSettings;
import jp.mamori.authz.privileged.PrivilegedSettings;
import jp.mamori.authz.realm.DriftSettings;
import jp.mamori.authz.report.ReportSettings;
import jp.mamori.authz.security.ApiSettings;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.stepup.StepUpSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration reference ({@code docs/configuration.md}) is generated from the settings
 * records — every {@code mamori.*} key with its type, its default ({@code @DefaultValue}) and its
 * description (the record's {@code @param}) — and checked in: this test generates it, fails when a
 * setting has no description, when a key used anywhere in the service's code ({@code ${…}}
 * placeholders, {@code @ConditionalOnProperty}) is not in it or has another default there, and when
 * the checked-in copy differs (it writes the new one to {@code target/configuration.md}; run with
 * {@code -Dmamori.config.write=true} to update the checked-in copy).
 */
class ConfigurationReferenceTest {

  static final Path CHECKED_IN = Path.of("..", "docs", "configuration.md");
  static final Path SOURCES = Path.of("src", "main", "java");
  static final List<Class<? extends Record>> SETTINGS =
      List.of(
          MamoriSettings.class,
          ApiSettings.class,
          AuditSettings.class,
          CredentialSettings.class,
          DriftSettings.class,
          GovernanceSettings.class,
          LifecycleSettings.class,
          PrivilegedSettings.class,
          ReportSettings.class,
          StepUpSettings.class);

  /** One setting. */
  record Setting(String key, String type, String defaultValue, String description) {}

  @Test
  void referenceWhenGeneratedThenEveryKeyDocumentedWithItsDefaultAndAsCheckedIn()
      throws IOException {
    Map<String, Setting> settings = new TreeMap<>();
    for (Class<? extends Record> type : SETTINGS) {
      String prefix = type.getAnnotation(ConfigurationProperties.class).value();
      walk(type, prefix, settings);
    }
    List<String> undocumented =
        settings.values().stream()
            .filter(s -> s.description().isBlank())
            .map(Setting::key)
            .toList();
    assertThat(undocumented).as("settings without a description (@param)").isEmpty();

    // every key the code reads outside the records is one of them, with the same default
    Map<String, String> used = usedInCode();
    assertThat(used).as("keys read by the code").isNotEmpty();
    for (Map.Entry<String, String> e : used.entrySet()) {
      if (e.getKey().startsWith("mamori.cli.")) {
        continue; // the CLI's arguments (docs/install.md, command reference), not settings
      }
      assertThat(settings).as("key used in the code: " + e.getKey()).containsKey(e.getKey());
      if (e.getValue() != null) {
        assertThat(settings.get(e.getKey()).defaultValue())
            .as("default of " + e.getKey() + " in the code and in the settings record")
            .isEqualTo(e.getValue());
      }
    }

    String generated = render(settings);
    Path out = Path.of("target", "configuration.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, generated, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("mamori.config.write")) {
      Files.writeString(CHECKED_IN, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(CHECKED_IN)).as(CHECKED_IN.toAbsolutePath() + " exists").isTrue();
    assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
        .as(
            "docs/configuration.md is generated from the settings records; they changed: copy "
                + out.toAbsolutePath()
                + " to docs/configuration.md")
        .isEqualTo(generated);
  }

  private static void walk(Class<?> type, String prefix, Map<String, Setting> into)
      throws IOException {
    Map<String, String> params = params(type);
    RecordComponent[] components = type.getRecordComponents();
    java.lang.reflect.Parameter[] parameters;
    try {
      parameters =
          type.getDeclaredConstructor(
                  Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new))
              .getParameters();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type + " has no canonical constructor", e);
    }
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String key = prefix + "." + kebab(c.getName());
      Class<?> t = c.getType();
      if (t.isRecord()) {
        walk(t, key, into);
        continue;
      }
      // @DefaultValue is on the canonical constructor's parameter
      DefaultValue d = parameters[i].getAnnotation(DefaultValue.class);
      String def = d == null ? "" : String.join(",", d.value());
      String typeName =
          t.isEnum()
              ? String.join(" | ", Stream.of(t.getEnumConstants()).map(Object::toString).toList())
              : c.getGenericType().getTypeName().replaceAll("[a-z.]+\\.", "");
      into.put(key, new Setting(key, typeName, def, params.getOrDefault(c.getName(), "")));
    }
  }

  /** The {@code @param} texts of a record's Javadoc, read from its source file. */
  static Map<String, String> params(Class<?> type) throws IOException {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    String source =
        Files.readString(
            SOURCES.resolve(top.getName().replace('.', '/') + ".java"), StandardCharsets.UTF_8);
    Matcher declaration =
        Pattern.compile(
                "(/\\*\\*(?:(?!\\*/).)*\\*/)\\s*(?:@[^\\n]*\\n\\s*)*public record "
                    + Pattern.quote(type.getSimpleName())
                    + "\\(",
                Pattern.DOTALL)
            .matcher(source);
    Map<String, String> params = new LinkedHashMap<>();
    if (!declaration.find()) {
      return params;
    }
    String doc =
        declaration.group(1).replaceAll("(?m)^\\s*/?\\*+/?", " ").replaceAll("\\s+", " ").strip();
    Matcher p = Pattern.compile("@param (\\w+) (.*?)(?= @\\w|$)").matcher(doc);
    while (p.find()) {
      params.put(p.group(1), p.group(2).replaceAll("\\{@code ([^}]*)}", "`$1`").strip());
    }
    return params;
  }

  /** The {@code mamori.*} keys the main code reads by name, with the default it gives, if any. */
  static Map<String, String> usedInCode() throws IOException {
    Map<String, String> used = new TreeMap<>();
    Pattern placeholder = Pattern.compile("\\$\\{(mamori\\.[a-z0-9.-]+)(?::([^}]*))?}");
    Pattern conditional =
        Pattern.compile(
            "@ConditionalOnProperty\\(\\s*name = \"(mamori\\.[a-z0-9.-]+)\"(?:,\\s*havingValue ="
                + " \"([^\"]*)\")?(?:,\\s*matchIfMissing = (true|false))?");
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = placeholder.matcher(text);
        while (m.find()) {
          used.put(m.group(1), m.group(2));
        }
        Matcher c = conditional.matcher(text);
        while (c.find()) {
          String having = c.group(2);
          boolean ifMissing = "true".equals(c.group(3));
          // "true" when missing means the default is what it matches; a mode's value is not one
          String def =
              having == null
                  ? null
                  : "true".equals(having) || "false".equals(having)
                      ? (ifMissing ? having : ("true".equals(having) ? "false" : "true"))
                      : null;
          used.putIfAbsent(c.group(1), def);
        }
      }
    }
    return used;
  }

  private static String render(Map<String, Setting> settings) {
    StringBuilder md = new StringBuilder();
    md.append("# 設定リファレンス / Configuration reference\n\n")
        .append(
            "生成元: 設定レコード ("
                + String.join(
                    ", ", SETTINGS.stream().map(t -> "`" + t.getSimpleName() + "`").toList())
                + ") の `@DefaultValue` と Javadoc。手で編集しないでください"
                + " (ビルドが生成し、設定レコードと食い違うとテストが失敗します)。\n\n")
        .append(
            "Generated from the settings records' `@DefaultValue` and Javadoc; do not edit by"
                + " hand (the build generates it, and a test fails when it differs from the"
                + " settings records).\n\n")
        .append(
            "Every key can be given in `application.yml`, as a command-line argument"
                + " (`--mamori.mode=external`) or as an environment variable (`MAMORI_MODE`);"
                + " secrets belong in the environment (the variables the shipped settings read) or"
                + " in files (`spring.config.import=configtree:/run/secrets/`), never in a"
                + " checked-in file. See docs/install.md.\n\n");
    String section = null;
    for (Setting s : settings.values()) {
      String[] parts = s.key().split("\\.");
      String group = parts.length > 2 ? parts[0] + "." + parts[1] : "mamori";
      if (!group.equals(section)) {
        section = group;
        md.append("## `")
            .append(group)
            .append("`\n\n| key | type | default | description |\n|---|---|---|---|\n");
      }
      md.append("| `")
          .append(s.key())
          .append("` | ")
          .append(s.type().replace("|", "\\|"))
          .append(" | ")
          .append(s.defaultValue().isEmpty() ? "—" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.description().replace("|", "\\|"))
          .append(" |\n");
      if (s == last(settings)) {
        md.append("\n");
      }
    }
    return md.toString().replaceAll("\\|\\n## ", "|\n\n## ");
  }

  private static Setting last(Map<String, Setting> settings) {
    return new ArrayList<>(settings.values()).getLast();
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
