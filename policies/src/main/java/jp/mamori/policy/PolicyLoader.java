package jp.mamori.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the policy document: the shipped default ({@value #DEFAULT_RESOURCE}) and, optionally, an
 * override file whose keys replace the default's (maps merge key by key, lists and values are
 * replaced).
 *
 * <p>Every problem is collected before anything is refused: an {@link InvalidPolicyException} lists
 * them all, one line each, with the key, the value found and the allowed values or range. Unknown
 * keys are problems too, so that a misspelt setting is not silently ignored. Durations are ISO-8601
 * ({@code PT15M}, {@code P90D}). YAML is read with SnakeYAML's safe constructor: no object creation
 * from the document.
 */
public final class PolicyLoader {

  /** The shipped default, after the seeds' 対策基準. */
  public static final String DEFAULT_RESOURCE = "/jp/mamori/policy/default-policy.yaml";

  private static final String PROFILE_RESOURCE = "/jp/mamori/policy/profile-%s.yaml";

  private PolicyLoader() {}

  /** The shipped default. */
  public static Policy loadDefault() {
    return build(readResource(DEFAULT_RESOURCE), "classpath:" + DEFAULT_RESOURCE);
  }

  /**
   * The shipped default overridden by {@code overrideFile}.
   *
   * @throws InvalidPolicyException if the file is missing, unreadable, not YAML, or the merged
   *     document is invalid
   */
  public static Policy load(Path overrideFile) {
    String source = overrideFile.toString();
    String text;
    try {
      text = Files.readString(overrideFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidPolicyException(
          source, List.of(new PolicyProblem("(file)", source, "an existing policy file")));
    } catch (IOException e) {
      throw new InvalidPolicyException(
          source,
          List.of(new PolicyProblem("(file)", source, "a readable UTF-8 file (" + e + ")")));
    }
    Map<String, Object> merged = merge(readResource(DEFAULT_RESOURCE), parseMap(text, source));
    return build(merged, source + " (over the shipped default)");
  }

  /**
   * A profile shipped beside the default, e.g. {@code nist-800-63b}: the default overridden by
   * {@code profile-<name>.yaml}.
   */
  public static Policy loadProfile(String name) {
    String resource = String.format(PROFILE_RESOURCE, name);
    Map<String, Object> merged = merge(readResource(DEFAULT_RESOURCE), readResource(resource));
    return build(merged, "classpath:" + resource);
  }

  /** A complete policy document given as text (no default underneath). */
  public static Policy parse(String yaml, String sourceName) {
    return build(parseMap(yaml, sourceName), sourceName);
  }

  private static Map<String, Object> readResource(String resource) {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The policy resource " + resource + " is missing");
      }
      return parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new IllegalStateException("The policy resource " + resource + " is unreadable", e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parseMap(String yaml, String source) {
    Object document;
    try {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new InvalidPolicyException(
          source,
          List.of(
              new PolicyProblem(
                  "(line " + line + ")", String.valueOf(e.getProblem()), "well-formed YAML")));
    } catch (YAMLException e) {
      throw new InvalidPolicyException(
          source, List.of(new PolicyProblem("(document)", e.getMessage(), "well-formed YAML")));
    }
    if (document == null) {
      return Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new InvalidPolicyException(
          source,
          List.of(new PolicyProblem("(document)", describe(document), "a mapping of settings")));
    }
    return (Map<String, Object>) map;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach((key, value) -> {
      Object existing = merged.get(key);
      if (existing instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
        merged.put(key, merge((Map<String, Object>) a, (Map<String, Object>) b));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private static Policy build(Map<String, Object> document, String source) {
    List<PolicyProblem> problems = new ArrayList<>();
    Section root = new Section("", document, problems);

    String municipality = root.text("municipality");

    Section pw = root.section("password");
    int minLength = pw.integer("minLength", 8, 128);
    int maxLength = pw.integer("maxLength", 8, 1024);
    int minUpper = pw.integer("minUpperCase", 0, 10);
    int minLower = pw.integer("minLowerCase", 0, 10);
    int minDigits = pw.integer("minDigits", 0, 10);
    int minSpecial = pw.integer("minSpecialChars", 0, 10);
    int history = pw.integer("historyCount", 0, 50);
    Duration maxAge = pw.duration("maxAge", Duration.ZERO, Duration.ofDays(730));
    boolean notUsername = pw.bool("notUsername");
    boolean notEmail = pw.bool("notEmail");
    List<String> blocklist = pw.textList("blocklist");
    if (maxLength < minLength) {
      problems.add(
          new PolicyProblem(
              "password.maxLength",
              Integer.toString(maxLength),
              "at least password.minLength (" + minLength + ")"));
    }
    if (minUpper + minLower + minDigits + minSpecial > minLength) {
      problems.add(
          new PolicyProblem(
              "password.minUpperCase+minLowerCase+minDigits+minSpecialChars",
              Integer.toString(minUpper + minLower + minDigits + minSpecial),
              "at most password.minLength (" + minLength + ")"));
    }
    pw.rejectUnknown();

    Section lo = root.section("lockout");
    int maxFailures = lo.integer("maxFailures", 1, 100);
    boolean permanent = lo.bool("permanent");
    Duration waitIncrement =
        lo.duration("waitIncrement", Duration.ofMinutes(1), Duration.ofDays(1));
    Duration maxWait = lo.duration("maxWait", Duration.ofMinutes(1), Duration.ofDays(1));
    Duration failureReset =
        lo.duration("failureResetTime", Duration.ofMinutes(1), Duration.ofDays(7));
    if (maxWait.compareTo(waitIncrement) < 0) {
      problems.add(
          new PolicyProblem(
              "lockout.maxWait",
              maxWait.toString(),
              "at least lockout.waitIncrement (" + waitIncrement + ")"));
    }
    lo.rejectUnknown();

    Section tp = root.section("temporaryPassword");
    int tempLength = tp.integer("length", 8, 128);
    Duration tempLifetime = tp.duration("lifetime", Duration.ofHours(1), Duration.ofDays(30));
    if (tempLength < minLength) {
      problems.add(
          new PolicyProblem(
              "temporaryPassword.length",
              Integer.toString(tempLength),
              "at least password.minLength (" + minLength + ")"));
    }
    tp.rejectUnknown();

    Section se = root.section("session");
    Duration idle = se.duration("idleTimeout", Duration.ofMinutes(1), Duration.ofHours(8));
    Duration maxLifespan = se.duration("maxLifespan", Duration.ofMinutes(1), Duration.ofDays(1));
    Duration tokenLifespan =
        se.duration("accessTokenLifespan", Duration.ofMinutes(1), Duration.ofHours(1));
    if (maxLifespan.compareTo(idle) < 0) {
      problems.add(
          new PolicyProblem(
              "session.maxLifespan",
              maxLifespan.toString(),
              "at least session.idleTimeout (" + idle + ")"));
    }
    se.rejectUnknown();

    Section lg = root.section("login");
    String messageJa = lg.text("messageJa");
    String messageEn = lg.text("messageEn");
    lg.rejectUnknown();

    Section ti = root.section("tiers");
    Map<Tier, TierRules> tiers = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      Section t = ti.section(tier.name());
      Set<String> sections = new LinkedHashSet<>(t.textList("allowedSections"));
      Set<String> roles = new LinkedHashSet<>(t.optionalTextList("allowedRoles"));
      boolean mfa = t.bool("multiFactorRequired");
      if (tier == Tier.MYNUMBER && t.has("multiFactorRequired") && !mfa) {
        problems.add(
            new PolicyProblem(
                "tiers.MYNUMBER.multiFactorRequired",
                "false",
                "true (My Number terminals need multi-factor authentication, MF-2)"));
      }
      t.rejectUnknown();
      if (tier != Tier.MYNUMBER || mfa) {
        tiers.put(tier, new TierRules(tier, sections, roles, mfa));
      }
    }
    ti.rejectUnknown();

    Section pr = root.section("privileged");
    Duration maxCheckout = pr.duration("maxCheckout", Duration.ofMinutes(5), Duration.ofHours(24));
    boolean twoPerson = pr.bool("twoPersonApproval");
    Duration rotation = pr.duration("rotationInterval", Duration.ofDays(1), Duration.ofDays(365));
    int prFailures = pr.integer("maxFailures", 1, 100);
    pr.rejectUnknown();

    Section lc = root.section("lifecycle");
    Duration deleteAfter = lc.duration("deleteAfterDisable", Duration.ZERO, Duration.ofDays(3650));
    Duration dormant = lc.duration("dormantAfter", Duration.ofDays(7), Duration.ofDays(3650));
    Duration contractorGrace = lc.duration("contractorGrace", Duration.ZERO, Duration.ofDays(30));
    Duration orphanGrace = lc.duration("orphanGrace", Duration.ZERO, Duration.ofDays(90));
    int maxDeletions = lc.integer("maxDeletionsPercent", 0, 100);
    int maxDeletionsCount = lc.integer("maxDeletionsCount", 0, 100_000);
    lc.rejectUnknown();

    root.rejectUnknown();
    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(source, problems);
    }
    return new Policy(
        municipality,
        new PasswordRules(
            minLength,
            maxLength,
            minUpper,
            minLower,
            minDigits,
            minSpecial,
            history,
            maxAge,
            notUsername,
            notEmail,
            blocklist),
        new LockoutRules(maxFailures, permanent, waitIncrement, maxWait, failureReset),
        new TemporaryPasswordRules(tempLength, tempLifetime),
        new SessionRules(idle, maxLifespan, tokenLifespan),
        new LoginDisplay(messageJa, messageEn),
        tiers,
        new PrivilegedAccessRules(maxCheckout, twoPerson, rotation, prFailures),
        new LifecycleRules(
            deleteAfter, dormant, contractorGrace, orphanGrace, maxDeletions, maxDeletionsCount));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "(missing)";
    }
    String text = String.valueOf(value);
    return value instanceof String ? "\"" + text + "\"" : text;
  }

  /**
   * One mapping of the document, reading typed values and recording a problem (and a harmless
   * placeholder value) for each one that is missing or wrong, so that reading goes on and every
   * problem is reported at once.
   */
  private static final class Section {
    private final String path;
    private final Map<String, Object> values;
    private final List<PolicyProblem> problems;
    private final Set<String> read = new LinkedHashSet<>();

    Section(String path, Map<String, Object> values, List<PolicyProblem> problems) {
      this.path = path;
      this.values = values;
      this.problems = problems;
    }

    private String key(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
      return values.get(name) != null;
    }

    private Object get(String name) {
      read.add(name);
      return values.get(name);
    }

    @SuppressWarnings("unchecked")
    Section section(String name) {
      Object value = get(name);
      if (value instanceof Map<?, ?> map) {
        return new Section(key(name), (Map<String, Object>) map, problems);
      }
      problems.add(new PolicyProblem(key(name), describe(value), "a mapping of settings"));
      // problems inside a missing section are implied by the one above: collect them elsewhere
      return new Section(key(name), Map.of(), new ArrayList<>());
    }

    int integer(String name, int min, int max) {
      Object value = get(name);
      String expected = "an integer " + min + "–" + max;
      if (value instanceof Integer i) {
        if (i >= min && i <= max) {
          return i;
        }
      }
      problems.add(new PolicyProblem(key(name), describe(value), expected));
      return min;
    }

    boolean bool(String name) {
      Object value = get(name);
      if (value instanceof Boolean b) {
        return b;
      }
      problems.add(new PolicyProblem(key(name), describe(value), "true or false"));
      return false;
    }

    String text(String name) {
      Object value = get(name);
      if (value instanceof String s && !s.isBlank()) {
        return s;
      }
      problems.add(new PolicyProblem(key(name), describe(value), "a non-empty text"));
      return "";
    }

    Duration duration(String name, Duration min, Duration max) {
      Object value = get(name);
      String expected = "an ISO-8601 duration " + min + "–" + max + " (e.g. PT15M, P90D)";
      if (value instanceof String s) {
        try {
          Duration d = Duration.parse(s);
          if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
            return d;
          }
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      problems.add(new PolicyProblem(key(name), describe(value), expected));
      return min;
    }

    List<String> textList(String name) {
      Object value = get(name);
      if (value instanceof List<?> list
          && list.stream().allMatch(v -> v instanceof String s && !s.isBlank())) {
        return list.stream().map(String.class::cast).toList();
      }
      problems.add(new PolicyProblem(key(name), describe(value), "a list of non-empty texts"));
      return List.of();
    }

    List<String> optionalTextList(String name) {
      read.add(name);
      return values.get(name) == null ? List.of() : textList(name);
    }

    void rejectUnknown() {
      for (String name : values.keySet()) {
        if (!read.contains(name)) {
          problems.add(
              new PolicyProblem(
                  key(name), describe(values.get(name)), "no such setting (unknown key)"));
        }
      }
    }
  }
}
