package jp.mamori.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The policy document as YAML: reading a file or class-path resource (UTF-8, at most 1 MB), parsing
 * it safely into plain maps, and merging an override into the default. Problems of the file itself
 * (missing, not UTF-8, not YAML) are reported here with the file, line and column; problems of the
 * settings are the section readers'.
 */
final class PolicyDocument {

  static final int MAX_DOCUMENT_CHARACTERS = 1_000_000;

  private PolicyDocument() {}

  static Map<?, ?> readResource(String resource) {
    try (InputStream in = PolicyDocument.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The policy resource " + resource + " is missing");
      }
      return parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new IllegalStateException("The policy resource " + resource + " is unreadable", e);
    }
  }

  static String readFile(Path file) {
    String source = file.toString();
    try {
      if (Files.isRegularFile(file) && Files.size(file) > MAX_DOCUMENT_CHARACTERS) {
        throw fileProblem(
            source, Files.size(file) + " bytes", "a policy file of at most 1 MB", null);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fileProblem(source, "(missing)", "an existing policy file", e);
    } catch (CharacterCodingException e) {
      throw fileProblem(
          source, "text that is not UTF-8", "a UTF-8 file (save it as UTF-8, not Shift_JIS)", e);
    } catch (IOException e) {
      throw fileProblem(
          source,
          "an unreadable file (" + e.getClass().getSimpleName() + ")",
          "a readable policy file",
          e);
    }
  }

  static InvalidPolicyException fileProblem(
      String source, String found, String expected, Throwable cause) {
    return new InvalidPolicyException(
        source, List.of(new PolicyProblem(source, found, expected)), cause);
  }

  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_DOCUMENT_CHARACTERS);
    return new Yaml(new SafeConstructor(options));
  }

  /** The document's top-level mapping; an empty document is an empty mapping. */
  static Map<?, ?> parseMap(String text, String source) {
    Object document;
    try {
      document = yaml().load(text);
    } catch (MarkedYAMLException e) {
      throw syntaxProblem(text, source, e);
    } catch (YAMLException e) {
      throw new InvalidPolicyException(
          source,
          List.of(
              new PolicyProblem(source, PolicySection.shorten(e.getMessage()), "well-formed YAML")),
          e);
    }
    if (document == null) {
      return Map.of();
    }
    if (document instanceof Map<?, ?> map) {
      return map;
    }
    throw new InvalidPolicyException(
        source,
        List.of(
            new PolicyProblem(
                "(document)",
                PolicySection.describe(document),
                "a mapping of settings (key: value)")));
  }

  /**
   * A problem keyed {@code file:line:column}, showing the offending line as found, e.g. {@code
   * policy.yaml:3:13: found "permanent: false", expected well-formed YAML (mapping values are not
   * allowed here)}.
   */
  static InvalidPolicyException syntaxProblem(String text, String source, MarkedYAMLException e) {
    Mark mark = e.getProblemMark();
    String key = source;
    String found = "(unknown position)";
    if (mark != null) {
      key = source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      List<String> lines = text.lines().toList();
      found =
          mark.getLine() < lines.size()
              ? PolicySection.describe(lines.get(mark.getLine()).stripTrailing())
              : "(end of file)";
    }
    String problem = Objects.requireNonNullElse(e.getProblem(), "syntax error").strip();
    return new InvalidPolicyException(
        source, List.of(new PolicyProblem(key, found, "well-formed YAML (" + problem + ")")), e);
  }

  /**
   * {@code override} merged into {@code base}: mappings merge key by key at every depth, anything
   * else (scalars, lists, a mapping replacing a scalar) is replaced. Neither argument is changed.
   */
  static Map<Object, Object> merge(Map<?, ?> base, Map<?, ?> override) {
    Map<Object, Object> merged = new LinkedHashMap<>(base);
    override.forEach((key, value) -> {
      if (merged.get(key) instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
        merged.put(key, merge(a, b));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }
}
