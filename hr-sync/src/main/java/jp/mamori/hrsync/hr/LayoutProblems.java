package jp.mamori.hrsync.hr;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reading the YAML of one layout profile as nodes, and its problems, each placed at its node
 * ({@code file:line:column}) so that the message says where to look. The YAML is composed into
 * nodes only, never constructed into objects, so that a profile cannot name a class to build;
 * aliases, nesting and size are limited.
 */
final class LayoutProblems {

  private static final int MAX_CHARACTERS = 1_000_000;

  private final String source;
  private final List<HrLayoutException.Problem> list = new ArrayList<>();

  LayoutProblems(String source) {
    this.source = source;
  }

  void add(Node node, String key, String found, String expected) {
    String where = node == null ? source : at(source, node.getStartMark());
    list.add(new HrLayoutException.Problem(where, key, found, expected));
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  HrLayoutException exception() {
    return new HrLayoutException(source, list);
  }

  /** The tuples of a mapping whose keys are texts, each once; others reported and left out. */
  List<NodeTuple> tuples(MappingNode mapping, String path) {
    List<NodeTuple> tuples = new ArrayList<>();
    Map<String, Node> seen = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String prefix = path.isEmpty() ? "" : path + ".";
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        add(tuple.getKeyNode(), path, "…", "文字列のキー (a plain text key)");
        continue;
      }
      Node previous = seen.putIfAbsent(key.getValue().strip(), key);
      if (previous != null) {
        add(
            key,
            prefix + key.getValue(),
            key.getValue(),
            "一度だけ書かれたキー — "
                + (previous.getStartMark().getLine() + 1)
                + " 行目と重複 (each key once; also on line "
                + (previous.getStartMark().getLine() + 1)
                + ")");
        continue;
      }
      tuples.add(tuple);
    }
    return tuples;
  }

  /** The tuples of a mapping by key, each key one of {@code allowed}; others reported. */
  Map<String, NodeTuple> keys(Node node, String path, List<String> allowed) {
    Map<String, NodeTuple> keys = new LinkedHashMap<>();
    if (!(node instanceof MappingNode mapping)) {
      add(node, path, "…", "キーと値の対応表 (a mapping of " + String.join(", ", allowed) + ")");
      return keys;
    }
    for (NodeTuple tuple : tuples(mapping, path)) {
      String key = ((ScalarNode) tuple.getKeyNode()).getValue().strip();
      if (allowed.contains(key)) {
        keys.put(key, tuple);
      } else {
        add(
            tuple.getKeyNode(),
            path.isEmpty() ? key : path + "." + key,
            key,
            "次のいずれかのキー "
                + String.join(", ", allowed)
                + " (one of these keys; check the spelling and the case)");
      }
    }
    return keys;
  }

  /** The text of a scalar, stripped; empty after reporting anything else. */
  Optional<String> text(Node node, String key) {
    if (node instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue().strip());
    }
    add(node, key, "…", "文字列 (a text)");
    return Optional.empty();
  }

  /**
   * The texts of a list (or a single text), non-blank, each once; {@code null} on a problem.
   *
   * @param parent where a missing list is reported
   */
  List<String> texts(NodeTuple tuple, String key, Node parent) {
    if (tuple == null) {
      add(parent, key, "(なし / missing)", "語のリスト (a list of words)");
      return null;
    }
    Node node = tuple.getValueNode();
    List<Node> items = node instanceof SequenceNode list ? list.getValue() : List.of(node);
    List<String> texts = new ArrayList<>();
    int before = list.size();
    for (Node item : items) {
      Optional<String> text = text(item, key);
      if (text.isEmpty()) {
        continue;
      }
      if (text.get().isEmpty()) {
        add(item, key, "", "空でない語 (a non-blank word)");
      } else if (texts.contains(text.get())) {
        add(item, key, text.get(), "一度だけ書かれた語 (each word once)");
      } else {
        texts.add(text.get());
      }
    }
    if (items.isEmpty()) {
      add(node, key, "(空 / empty)", "1 つ以上 (at least one)");
    }
    return list.size() == before ? texts : null;
  }

  /**
   * The document's root node, or {@code null} for an empty document.
   *
   * @throws HrLayoutException if the text is not YAML, naming line and column
   */
  static Node compose(String text, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_CHARACTERS);
    try {
      return new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String where = mark == null ? source : at(source, mark);
      String found =
          mark != null && mark.getLine() < text.lines().count()
              ? text.lines().skip(mark.getLine()).findFirst().orElse("").strip()
              : "";
      String problem = Objects.requireNonNullElse(e.getProblem(), "syntax error").strip();
      throw new HrLayoutException(
          source,
          List.of(
              new HrLayoutException.Problem(
                  where, "", found, "正しい YAML (well-formed YAML: " + problem + ")")),
          e);
    } catch (YAMLException e) {
      throw new HrLayoutException(
          source,
          List.of(
              new HrLayoutException.Problem(
                  source, "", String.valueOf(e.getMessage()), "正しい YAML (well-formed YAML)")),
          e);
    }
  }

  /** {@code layout.yml:4:3}: the file's name (not its folders, which the first line names). */
  static String at(String source, Mark mark) {
    String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }
}
