package jp.mamori.hrsync.hr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads layout profiles (YAML, UTF-8) into {@link HrLayout}s.
 *
 * <p>A profile is written over the shipped default ({@value #DEFAULT_RESOURCE}) and holds what
 * differs. Its sections:
 *
 * <ul>
 *   <li>{@code columns}: the header of each field ({@link HrField#key()}: {@code employeeNumber:
 *       職員番号}). Merged field by field: a field left out keeps the default's header. An optional
 *       field given an empty header ({@code returnDate: ""}) is not read.
 *   <li>{@code employmentTypes}, {@code statuses}: each text of the column with its meaning, the
 *       constant ({@code REGULAR}) or its Japanese name ({@code 正規職員}): {@code 正規: REGULAR}.
 *   <li>{@code concurrentPost}: {@code concurrent:} and {@code main:}, the words of the 兼務 column.
 *   <li>{@code dates}: the accepted {@linkplain HrDateFormat date patterns}, tried in order.
 * </ul>
 *
 * Every section but {@code columns} replaces the default's section whole, so that the accepted
 * values are exactly those the profile lists. Every scalar is read as text: {@code 01} stays {@code
 * 01} (YAML would otherwise read it as the number 1), quotes are optional.
 *
 * <p>A profile with any mistake is refused with an {@link HrLayoutException} listing every problem
 * with file, line, column and key: an unknown section or field (a misspelt key would otherwise be
 * ignored while the default stays in force), a duplicated key, a meaning that is no constant, a
 * date pattern that is not one {@link HrDateFormat} reads, two fields on one header, a required
 * field without a header, an empty section, a word that marks both a concurrent and the main post;
 * a missing or unreadable file, one that is not UTF-8 or not YAML, or larger than 1 MB. The YAML is
 * only composed into nodes, never constructed into objects ({@link LayoutProblems}).
 */
public final class HrLayoutLoader {

  /** The shipped default layout. */
  public static final String DEFAULT_RESOURCE = "/jp/mamori/hrsync/layouts/default.yml";

  /**
   * The shipped profiles, loaded by name with {@link #load(String)}: {@code default}, {@code
   * example-words} (words instead of codes, 和暦, other headers), {@code example-vendor} (numeric
   * codes 1, 2, 3, dates {@code yyyyMMdd}, English headers).
   */
  public static final List<String> SHIPPED = List.of("default", "example-words", "example-vendor");

  private static final String RESOURCE_DIR = "/jp/mamori/hrsync/layouts/";
  private static final int MAX_CHARACTERS = 1_000_000;
  private static final List<String> SECTIONS =
      List.of("columns", "employmentTypes", "statuses", "concurrentPost", "dates");

  private HrLayoutLoader() {}

  /** Loaded once: the default is read from the class path on first use. */
  private static final class Default {
    static final HrLayout LAYOUT = read();

    private static HrLayout read() {
      try {
        return build(readResource(DEFAULT_RESOURCE), "classpath:" + DEFAULT_RESOURCE, null);
      } catch (HrLayoutException e) {
        throw new IllegalStateException(
            "The shipped default layout is invalid (a broken build)", e);
      }
    }
  }

  /**
   * The shipped default.
   *
   * @throws IllegalStateException if the resource is missing or invalid (a broken build)
   */
  public static HrLayout loadDefault() {
    return Default.LAYOUT;
  }

  /**
   * The profile at {@code location}: empty or {@code null} for the default, the name of a shipped
   * profile ({@link #SHIPPED}), or the path of a {@code .yml} or {@code .yaml} file.
   *
   * @throws HrLayoutException if the location is none of these, or the profile is invalid
   */
  public static HrLayout load(String location) {
    if (location == null || location.isBlank()) {
      return loadDefault();
    }
    String name = location.strip();
    if (name.equals("default")) {
      return loadDefault();
    }
    if (SHIPPED.contains(name)) {
      String resource = RESOURCE_DIR + name + ".yml";
      return build(readResource(resource), "classpath:" + resource, loadDefault());
    }
    if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      return load(Path.of(name));
    }
    throw new HrLayoutException(
        name,
        List.of(
            new HrLayoutException.Problem(
                name,
                "",
                name,
                "レイアウト定義ファイル (.yml) または同梱のレイアウト名 "
                    + String.join("、", SHIPPED)
                    + " (a profile file ending in .yml or .yaml, or one of "
                    + String.join(", ", SHIPPED)
                    + ")")));
  }

  /**
   * The profile in {@code file}, over the default. An empty file yields the default.
   *
   * @throws HrLayoutException if the file is missing, unreadable, not UTF-8 or not YAML, or if the
   *     profile is invalid; the exception names the file
   */
  public static HrLayout load(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    return build(readFile(file), file.toString(), loadDefault());
  }

  /**
   * A profile given as text, over the default.
   *
   * @param source how messages name the profile, e.g. a path
   * @throws HrLayoutException if the profile is invalid
   */
  public static HrLayout parse(String yaml, String source) {
    return build(yaml, source, loadDefault());
  }

  // ---------------------------------------------------------------- reading

  private static String readResource(String resource) {
    try (InputStream in = HrLayoutLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The layout resource " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("The layout resource " + resource + " is unreadable", e);
    }
  }

  private static String readFile(Path file) {
    String source = file.toString();
    try {
      if (Files.isRegularFile(file) && Files.size(file) > MAX_CHARACTERS) {
        throw fileProblem(source, Files.size(file) + " bytes", "1 MB 以下 (at most 1 MB)", null);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fileProblem(source, "(なし / missing)", "存在するファイル (an existing profile file)", e);
    } catch (CharacterCodingException e) {
      throw fileProblem(
          source,
          "UTF-8 でない文字 (text that is not UTF-8)",
          "UTF-8 で保存したファイル (a UTF-8 file; save it as UTF-8, not Shift_JIS)",
          e);
    } catch (IOException e) {
      throw fileProblem(
          source, e.getClass().getSimpleName(), "読み取れるファイル (a readable profile file)", e);
    }
  }

  private static HrLayoutException fileProblem(
      String source, String found, String expected, Throwable cause) {
    return new HrLayoutException(
        source, List.of(new HrLayoutException.Problem(source, "", found, expected)), cause);
  }

  // ---------------------------------------------------------------- building

  /**
   * The profile over {@code base}; with no base (the default itself), every section is required.
   */
  private static HrLayout build(String text, String source, HrLayout base) {
    Node root = LayoutProblems.compose(text, source);
    LayoutProblems problems = new LayoutProblems(source);
    if (root == null && base != null) {
      return base;
    }
    if (!(root instanceof MappingNode document)) {
      problems.add(root, "", root == null ? "(空 / empty)" : "…", "セクションの対応表 (a mapping)");
      throw problems.exception();
    }
    Map<String, NodeTuple> sections = problems.keys(document, "", SECTIONS);

    Map<HrField, String> headers = new EnumMap<>(HrField.class);
    if (base != null) {
      headers.putAll(base.headers());
    }
    Map<HrField, Node> given = new EnumMap<>(HrField.class);
    NodeTuple columns = sections.get("columns");
    if (columns != null) {
      readColumns(columns, headers, given, problems);
    }
    Map<String, EmploymentType> types =
        values(
            sections.get("employmentTypes"),
            "employmentTypes",
            EmploymentType.values(),
            EmploymentType::label,
            base == null ? null : base.employmentTypes(),
            problems);
    Map<String, EmploymentStatus> statuses =
        values(
            sections.get("statuses"),
            "statuses",
            EmploymentStatus.values(),
            EmploymentStatus::label,
            base == null ? null : base.statuses(),
            problems);
    List<String> concurrent = base == null ? null : base.concurrentWords();
    List<String> main = base == null ? null : base.mainPostWords();
    NodeTuple words = sections.get("concurrentPost");
    if (words != null) {
      Map<String, NodeTuple> parts =
          problems.keys(words.getValueNode(), "concurrentPost", List.of("concurrent", "main"));
      Node parent = words.getValueNode();
      concurrent = problems.texts(parts.get("concurrent"), "concurrentPost.concurrent", parent);
      main = problems.texts(parts.get("main"), "concurrentPost.main", parent);
      if (concurrent != null && main != null) {
        for (String word : concurrent) {
          if (main.contains(word)) {
            problems.add(
                parts.get("main").getValueNode(),
                "concurrentPost.main",
                word,
                "concurrent と重ならない語 (a word not also listed under concurrent)");
          }
        }
      }
    }
    List<HrDateFormat> dates = base == null ? null : base.dateFormats();
    NodeTuple dateSection = sections.get("dates");
    if (dateSection != null) {
      dates = readDates(dateSection, problems);
    }

    checkHeaders(headers, given, base, problems);
    if (base == null) {
      for (String section : SECTIONS) {
        if (!sections.containsKey(section)) {
          problems.add(
              document,
              section,
              "(なし / missing)",
              "既定レイアウトには全セクションが必要 (the default layout needs every section)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw problems.exception();
    }
    try {
      return new HrLayout(source, headers, types, statuses, concurrent, main, dates);
    } catch (IllegalArgumentException e) {
      problems.add(document, "", "…", e.getMessage());
      throw problems.exception();
    }
  }

  private static void readColumns(
      NodeTuple columns,
      Map<HrField, String> headers,
      Map<HrField, Node> given,
      LayoutProblems problems) {
    List<String> keys = new ArrayList<>();
    for (HrField field : HrField.values()) {
      keys.add(field.key());
    }
    problems
        .keys(columns.getValueNode(), "columns", keys)
        .forEach((key, tuple) -> {
          HrField field = HrField.byKey(key).orElseThrow();
          Optional<String> header = problems.text(tuple.getValueNode(), "columns." + key);
          if (header.isEmpty()) {
            return;
          }
          if (header.get().isEmpty()) {
            if (field.required()) {
              problems.add(
                  tuple.getValueNode(),
                  "columns." + key,
                  "",
                  "見出し名 (a header name: " + field.label() + " is a required field)");
            } else {
              headers.remove(field); // not read
            }
            return;
          }
          headers.put(field, header.get());
          given.put(field, tuple.getValueNode());
        });
  }

  /** Two fields on one header: the later one given by the profile is the problem. */
  private static void checkHeaders(
      Map<HrField, String> headers,
      Map<HrField, Node> given,
      HrLayout base,
      LayoutProblems problems) {
    Map<String, HrField> owner = new LinkedHashMap<>();
    for (HrField field : HrField.values()) {
      String header = headers.get(field);
      if (header == null) {
        if (field.required() && base == null) {
          problems.add(null, "columns." + field.key(), "(なし / missing)", "見出し名 (a header name)");
        }
        continue;
      }
      HrField other = owner.putIfAbsent(header, field);
      if (other != null) {
        HrField reported = given.containsKey(field) ? field : other;
        HrField kept = reported == field ? other : field;
        problems.add(
            given.get(reported),
            "columns." + reported.key(),
            header,
            "ほかの項目と重ならない見出し — columns."
                + kept.key()
                + (given.containsKey(kept) ? "" : " (既定)")
                + " と同じ (a header of its own; columns."
                + kept.key()
                + (given.containsKey(kept) ? "" : ", from the default,")
                + " has it too)");
      }
    }
  }

  private static <T extends Enum<T>> Map<String, T> values(
      NodeTuple section,
      String name,
      T[] constants,
      Function<T, String> label,
      Map<String, T> base,
      LayoutProblems problems) {
    if (section == null) {
      return base;
    }
    Node node = section.getValueNode();
    if (!(node instanceof MappingNode mapping)) {
      problems.add(node, name, "…", "値と意味の対応表 (a mapping of value: meaning)");
      return base;
    }
    Map<String, T> values = new LinkedHashMap<>();
    List<String> choices = new ArrayList<>();
    for (T constant : constants) {
      choices.add(constant.name() + " (" + label.apply(constant) + ")");
    }
    for (NodeTuple tuple : problems.tuples(mapping, name)) {
      String text = ((ScalarNode) tuple.getKeyNode()).getValue().strip();
      String key = name + "." + text;
      if (text.isEmpty()) {
        problems.add(tuple.getKeyNode(), key, "", "空でない値 (a non-blank value of the column)");
        continue;
      }
      Optional<String> meaning = problems.text(tuple.getValueNode(), key);
      if (meaning.isEmpty()) {
        continue;
      }
      T constant = null;
      for (T candidate : constants) {
        if (candidate.name().equals(meaning.get())
            || label.apply(candidate).equals(meaning.get())) {
          constant = candidate;
        }
      }
      if (constant == null) {
        problems.add(
            tuple.getValueNode(),
            key,
            meaning.get(),
            "次のいずれか " + String.join(", ", choices) + " (one of these constants or names)");
      } else {
        values.put(text, constant);
      }
    }
    if (values.isEmpty() && mapping.getValue().isEmpty()) {
      problems.add(node, name, "(空 / empty)", "1 つ以上の値 (at least one value)");
    }
    return values;
  }

  private static List<HrDateFormat> readDates(NodeTuple section, LayoutProblems problems) {
    List<String> patterns = problems.texts(section, "dates", section.getValueNode());
    if (patterns == null) {
      return null;
    }
    List<HrDateFormat> formats = new ArrayList<>();
    Node node = section.getValueNode();
    for (int i = 0; i < patterns.size(); i++) {
      Node item = node instanceof SequenceNode list ? list.getValue().get(i) : node;
      try {
        formats.add(HrDateFormat.of(patterns.get(i)));
      } catch (IllegalArgumentException e) {
        problems.add(item, "dates[" + i + "]", patterns.get(i), e.getMessage());
      }
    }
    return formats;
  }
}
