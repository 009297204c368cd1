package jp.mamori.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the policy document into a validated {@link Policy}.
 *
 * <p>A municipality starts from the shipped default ({@value #DEFAULT_RESOURCE}, written after 荒川区
 * 情報セキュリティ対策基準) and keeps its own values in an override file that holds only what differs. The
 * override is merged into the default: a key of the override replaces the same key of the default,
 * mappings merge key by key at every depth, and lists (the blocklist, section codes) are replaced
 * whole, never appended to, so that an override can remove an entry.
 *
 * <h2>Validation</h2>
 *
 * Every setting is required (the default supplies all of them), has a type and a documented range
 * (see each record's javadoc and {@code policies/README.md}). The loader collects <em>all</em>
 * problems of a document before it refuses it, so that one round of corrections suffices; an {@link
 * InvalidPolicyException} lists them one line each. These are problems:
 *
 * <ul>
 *   <li>a value of the wrong type or outside its range, and a missing or empty key;
 *   <li>an unknown key, so that a misspelt setting ({@code maxFailure}) is refused rather than
 *       silently ignored while the default stays in force; the message suggests the nearest key;
 *   <li>a duplicated key, which YAML would otherwise resolve silently to the last one;
 *   <li>settings that contradict each other, e.g. a temporary password shorter than {@code
 *       password.minLength}, or a My Number tier without multi-factor authentication (MF-2);
 *   <li>a missing or unreadable file, a file that is not UTF-8 (e.g. saved as Shift_JIS), and a
 *       YAML syntax error, reported with the file, line and column.
 * </ul>
 *
 * <h2>Values</h2>
 *
 * Durations are ISO-8601 texts: {@code PT15M}, {@code PT8H} and {@code P90D} all work, as do weeks
 * ({@code P2W}). Months and years are refused because they have no fixed length ({@code P1M} is a
 * month, not a minute). Numbers are YAML integers, not texts. Texts that YAML would read as numbers
 * or booleans (section code {@code 012}, the word {@code no}) must be quoted.
 *
 * <h2>Safety</h2>
 *
 * YAML is read with SnakeYAML's {@link SafeConstructor}: plain maps, lists and scalars only, never
 * objects named by the document. Aliases and nesting are limited, and documents over 1 MB are
 * refused, so that a hostile file cannot exhaust memory.
 */
public final class PolicyLoader {

  /** The shipped default, after the seeds' 対策基準. */
  public static final String DEFAULT_RESOURCE = "/jp/mamori/policy/default-policy.yaml";

  /**
   * The profiles shipped beside the default, for {@link #loadProfile(String)}: {@code nist-800-63b}
   * (NIST SP 800-63B passwords: no periodic expiry, 15+ characters, no composition rules).
   */
  public static final List<String> PROFILES = List.of("nist-800-63b");

  private static final String PROFILE_RESOURCE = "/jp/mamori/policy/profile-";
  private static final int MAX_DOCUMENT_CHARACTERS = 1_000_000;
  private static final int MAX_SHOWN_CHARACTERS = 80;

  private PolicyLoader() {}

  /**
   * The shipped default.
   *
   * @throws IllegalStateException if the resource is missing from the class path (a broken build)
   */
  public static Policy loadDefault() {
    return build(readResource(DEFAULT_RESOURCE), "classpath:" + DEFAULT_RESOURCE);
  }

  /**
   * The shipped default, overridden by {@code overrideFile} (UTF-8 YAML holding only the settings
   * that differ). An empty file yields the default.
   *
   * @throws InvalidPolicyException if the file is missing, unreadable, not UTF-8 or not YAML, or if
   *     the merged document is invalid; the exception names the file
   */
  public static Policy load(Path overrideFile) {
    Objects.requireNonNull(overrideFile, "overrideFile");
    String source = overrideFile.toString();
    Map<?, ?> override = parseMap(readFile(overrideFile), source);
    return build(
        merge(readResource(DEFAULT_RESOURCE), override), source + " (over the shipped default)");
  }

  /**
   * The shipped default overridden by a shipped profile, e.g. {@code nist-800-63b}: the same as
   * {@link #load(Path)} with {@code profile-<name>.yaml} from beside the default.
   *
   * @param name one of {@link #PROFILES}
   * @throws InvalidPolicyException if there is no such profile
   */
  public static Policy loadProfile(String name) {
    if (!PROFILES.contains(name)) {
      throw new InvalidPolicyException(
          "profile " + name,
          List.of(
              new PolicyProblem(
                  "(profile)", describe(name), "one of " + String.join(", ", PROFILES))));
    }
    String resource = PROFILE_RESOURCE + name + ".yaml";
    return build(
        merge(readResource(DEFAULT_RESOURCE), readResource(resource)),
        "classpath:" + resource + " (over the shipped default)");
  }

  /**
   * A complete policy document given as text, with no default underneath: every setting must be
   * present.
   *
   * @param sourceName how messages name the document, e.g. a path or {@code inline}
   * @throws InvalidPolicyException if the document is not YAML or is invalid
   */
  public static Policy parse(String yaml, String sourceName) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    return build(parseMap(yaml, sourceName), sourceName);
  }

  // ---------------------------------------------------------------- reading

  private static Map<?, ?> readResource(String resource) {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("The policy resource " + resource + " is missing");
      }
      return parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
    } catch (IOException e) {
      throw new IllegalStateException("The policy resource " + resource + " is unreadable", e);
    }
  }

  private static String readFile(Path file) {
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

  private static InvalidPolicyException fileProblem(
      String source, String found, String expected, Throwable cause) {
    return new InvalidPolicyException(
        source, List.of(new PolicyProblem(source, found, expected)), cause);
  }

  private static Yaml yaml() {
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
          List.of(new PolicyProblem(source, shorten(e.getMessage()), "well-formed YAML")),
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
                "(document)", describe(document), "a mapping of settings (key: value)")));
  }

  /**
   * A problem keyed {@code file:line:column}, showing the offending line as found, e.g. {@code
   * policy.yaml:3:13: found "permanent: false", expected well-formed YAML (mapping values are not
   * allowed here)}.
   */
  private static InvalidPolicyException syntaxProblem(
      String text, String source, MarkedYAMLException e) {
    Mark mark = e.getProblemMark();
    String key = source;
    String found = "(unknown position)";
    if (mark != null) {
      key = source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      List<String> lines = text.lines().toList();
      found =
          mark.getLine() < lines.size()
              ? describe(lines.get(mark.getLine()).stripTrailing())
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

  /**
   * An ISO-8601 duration. {@link Duration#parse} takes {@code PT15M} and {@code P90D}; {@link
   * Period} adds weeks ({@code P2W}). Months and years have no fixed length and are refused.
   */
  static Duration parseDuration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notADuration) {
      Period period = Period.parse(text);
      if (period.getYears() != 0 || period.getMonths() != 0) {
        throw new DateTimeParseException("months and years have no fixed length", text, 0);
      }
      return Duration.ofDays(period.getDays());
    }
  }

  // ---------------------------------------------------------------- building

  private static Policy build(Map<?, ?> document, String source) {
    List<PolicyProblem> problems = new ArrayList<>();
    Section root = new Section("", document, problems, true);

    String municipality = root.text("municipality", Policy.MAX_MUNICIPALITY_LENGTH);
    PasswordRules password = password(root.section("password"));
    LockoutRules lockout = lockout(root.section("lockout"));
    TemporaryPasswordRules temporaryPassword =
        temporaryPassword(root.section("temporaryPassword"), password);
    SessionRules session = session(root.section("session"));
    LoginDisplay login = login(root.section("login"));
    Map<Tier, TierRules> tiers = tiers(root.section("tiers"));
    PrivilegedAccessRules privileged = privileged(root.section("privileged"), lockout);
    LifecycleRules lifecycle = lifecycle(root.section("lifecycle"));
    // classified systems are checked against the tiers once the rest is free of problems (a
    // broken tier would otherwise make every system it lists look like a typo here)
    Classification classification =
        classification(root.section("classification"), problems.isEmpty() ? tiers : null);
    root.rejectUnknown();

    if (!problems.isEmpty()) {
      throw new InvalidPolicyException(source, problems);
    }
    return new Policy(
        municipality,
        password,
        lockout,
        temporaryPassword,
        session,
        login,
        tiers,
        privileged,
        lifecycle,
        classification);
  }

  private static PasswordRules password(Section s) {
    Integer minLength = s.integer("minLength", PasswordRules.MIN_LENGTH);
    Integer maxLength = s.integer("maxLength", PasswordRules.MAX_LENGTH);
    Integer upper = s.integer("minUpperCase", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer lower = s.integer("minLowerCase", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer digits = s.integer("minDigits", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer special = s.integer("minSpecialChars", PasswordRules.MIN_CHARACTERS_OF_A_KIND);
    Integer history = s.integer("historyCount", PasswordRules.HISTORY_COUNT);
    Duration maxAge = s.duration("maxAge", PasswordRules.MAX_AGE);
    Boolean notUsername = s.bool("notUsername");
    Boolean notEmail = s.bool("notEmail");
    List<String> blocklist =
        s.texts(
            "blocklist",
            PasswordRules.BLOCKLIST_WORD_LENGTH.min(),
            PasswordRules.BLOCKLIST_WORD_LENGTH.max(),
            PasswordRules.BLOCKLIST_MAX_SIZE);
    if (allPresent(minLength, maxLength, upper, lower, digits, special)) {
      PasswordRules.checkLengths(minLength, maxLength, upper, lower, digits, special, s::problem);
    }
    s.rejectUnknown();
    return !s.clean()
        ? null
        : new PasswordRules(
            minLength,
            maxLength,
            upper,
            lower,
            digits,
            special,
            history,
            maxAge,
            notUsername,
            notEmail,
            blocklist);
  }

  private static LockoutRules lockout(Section s) {
    Integer maxFailures = s.integer("maxFailures", LockoutRules.MAX_FAILURES);
    Boolean permanent = s.bool("permanent");
    Duration waitIncrement = s.duration("waitIncrement", LockoutRules.WAIT_INCREMENT);
    Duration maxWait = s.duration("maxWait", LockoutRules.MAX_WAIT);
    Duration failureResetTime = s.duration("failureResetTime", LockoutRules.FAILURE_RESET_TIME);
    if (allPresent(waitIncrement, maxWait)) {
      LockoutRules.checkWaits(waitIncrement, maxWait, s::problem);
    }
    s.rejectUnknown();
    return !s.clean()
        ? null
        : new LockoutRules(maxFailures, permanent, waitIncrement, maxWait, failureResetTime);
  }

  private static TemporaryPasswordRules temporaryPassword(Section s, PasswordRules password) {
    Integer length = s.integer("length", TemporaryPasswordRules.LENGTH);
    Duration lifetime = s.duration("lifetime", TemporaryPasswordRules.LIFETIME);
    if (allPresent(length, password)) {
      Policy.checkTemporaryLength(password, length, s::problem);
    }
    s.rejectUnknown();
    return !s.clean() ? null : new TemporaryPasswordRules(length, lifetime);
  }

  private static SessionRules session(Section s) {
    Duration idle = s.duration("idleTimeout", SessionRules.IDLE_TIMEOUT);
    Duration maxLifespan = s.duration("maxLifespan", SessionRules.MAX_LIFESPAN);
    Duration token = s.duration("accessTokenLifespan", SessionRules.ACCESS_TOKEN_LIFESPAN);
    if (allPresent(idle, maxLifespan, token)) {
      SessionRules.checkLifespans(idle, maxLifespan, token, s::problem);
    }
    s.rejectUnknown();
    return !s.clean() ? null : new SessionRules(idle, maxLifespan, token);
  }

  private static LoginDisplay login(Section s) {
    String messageJa = s.text("messageJa", LoginDisplay.MAX_MESSAGE_LENGTH);
    String messageEn = s.text("messageEn", LoginDisplay.MAX_MESSAGE_LENGTH);
    s.rejectUnknown();
    return !s.clean() ? null : new LoginDisplay(messageJa, messageEn);
  }

  private static Map<Tier, TierRules> tiers(Section s) {
    Map<Tier, TierRules> tiers = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      Section t = s.section(tier.name());
      List<String> sections = t.texts("allowedSections", 1, TierRules.MAX_CODE_LENGTH, 10_000);
      List<String> roles = t.texts("allowedRoles", 1, TierRules.MAX_CODE_LENGTH, 10_000);
      Boolean multiFactor = t.bool("multiFactorRequired");
      if (multiFactor != null) {
        TierRules.checkMultiFactor(tier, multiFactor, t::problem);
      }
      List<String> systems = t.texts("systems", 1, TierRules.MAX_CODE_LENGTH, 10_000);
      Duration stepUp = t.duration("stepUpMaxAge", TierRules.STEP_UP_MAX_AGE);
      List<String> authenticators = List.of();
      if (t.has("allowedAuthenticators")) {
        authenticators = t.texts("allowedAuthenticators", 36, 36, 1_000);
        for (String aaguid : authenticators == null ? List.<String>of() : authenticators) {
          if (!TierRules.isAaguid(aaguid)) {
            t.problem(
                "tiers." + tier.name() + ".allowedAuthenticators",
                aaguid,
                "an AAGUID (authenticator model) written as a UUID, e.g."
                    + " cb69481e-8ff7-4039-93ec-0a2729a154a8");
          }
        }
      }
      t.rejectUnknown();
      if (t.clean()) {
        tiers.put(
            tier,
            new TierRules(
                tier,
                new LinkedHashSet<>(sections),
                new LinkedHashSet<>(roles),
                multiFactor,
                new LinkedHashSet<>(systems),
                stepUp,
                new LinkedHashSet<>(authenticators)));
      }
    }
    Map<String, Tier> owner = new java.util.HashMap<>();
    for (TierRules rules : tiers.values()) {
      for (String system : rules.systems()) {
        Tier other = owner.putIfAbsent(system, rules.tier());
        if (other != null) {
          s.problem(
              "tiers." + rules.tier().name() + ".systems",
              system,
              "a system in one tier only (it is listed under " + other + " too, MF-2)");
        }
      }
    }
    s.rejectUnknown();
    return tiers;
  }

  private static Classification classification(Section s, Map<Tier, TierRules> tiers) {
    Map<String, Integer> levels = s.integers("confidentiality", Classification.LEVEL);
    Integer defaultLevel = s.integer("defaultLevel", Classification.LEVEL);
    Integer multiFactorFrom = s.integer("multiFactorFromLevel", Classification.LEVEL);
    if (levels != null && tiers != null) {
      java.util.Set<String> known = new java.util.HashSet<>();
      tiers.values().forEach(t -> known.addAll(t.systems()));
      for (String system : levels.keySet()) {
        if (!known.contains(system)) {
          s.problem(
              "classification.confidentiality." + system,
              String.valueOf(levels.get(system)),
              "a system listed in tiers.<TIER>.systems (GV-1: classify the systems the tiers"
                  + " name)");
        }
      }
    }
    s.rejectUnknown();
    return !s.clean() ? null : new Classification(levels, defaultLevel, multiFactorFrom);
  }

  private static PrivilegedAccessRules privileged(Section s, LockoutRules lockout) {
    Duration maxCheckout = s.duration("maxCheckout", PrivilegedAccessRules.MAX_CHECKOUT);
    Boolean twoPerson = s.bool("twoPersonApproval");
    Duration rotation = s.duration("rotationInterval", PrivilegedAccessRules.ROTATION_INTERVAL);
    Integer maxFailures = s.integer("maxFailures", PrivilegedAccessRules.MAX_FAILURES);
    Duration approvalTimeout =
        s.duration("approvalTimeout", PrivilegedAccessRules.APPROVAL_TIMEOUT);
    Duration reportWithin =
        s.duration("emergencyReportWithin", PrivilegedAccessRules.EMERGENCY_REPORT_WITHIN);
    Boolean stepUp = s.bool("stepUpRequired");
    if (allPresent(lockout, maxFailures)) {
      Policy.checkPrivilegedFailures(lockout, maxFailures, s::problem);
    }
    s.rejectUnknown();
    return !s.clean()
        ? null
        : new PrivilegedAccessRules(
            maxCheckout, twoPerson, rotation, maxFailures, approvalTimeout, reportWithin, stepUp);
  }

  private static LifecycleRules lifecycle(Section s) {
    Duration deleteAfter = s.duration("deleteAfterDisable", LifecycleRules.DELETE_AFTER_DISABLE);
    Duration dormant = s.duration("dormantAfter", LifecycleRules.DORMANT_AFTER);
    Duration contractor = s.duration("contractorGrace", LifecycleRules.CONTRACTOR_GRACE);
    Duration orphan = s.duration("orphanGrace", LifecycleRules.ORPHAN_GRACE);
    Integer percent = s.integer("maxDeletionsPercent", LifecycleRules.MAX_DELETIONS_PERCENT);
    Integer count = s.integer("maxDeletionsCount", LifecycleRules.MAX_DELETIONS_COUNT);
    Map<LeaveKind, AbsenceRule> absences = absences(s.optionalSection("absences"));
    s.rejectUnknown();
    return !s.clean() || absences == null
        ? null
        : new LifecycleRules(deleteAfter, dormant, contractor, orphan, percent, count, absences);
  }

  static final String ABSENCE_EXPECTED =
      "ALL (the account is suspended in every target) or a list of the tiers the absence stops,"
          + " e.g. [MYNUMBER] or [MYNUMBER, LGWAN] (tiers: MYNUMBER, LGWAN, INTERNET)";

  static final String ABSENCE_TIER_EXPECTED =
      "a tier: MYNUMBER, LGWAN or INTERNET (ALL is written alone, not in a list)";

  /**
   * {@code lifecycle.absences}: optional, and so is each kind in it; what is left out is {@code
   * ALL}, the safe default. Null if the section has a problem.
   */
  private static Map<LeaveKind, AbsenceRule> absences(Section s) {
    Map<LeaveKind, AbsenceRule> rules = new EnumMap<>(LeaveKind.class);
    for (LeaveKind kind : LeaveKind.values()) {
      AbsenceRule rule = absence(s, kind.name());
      if (rule != null) {
        rules.put(kind, rule);
      }
    }
    s.rejectUnknown(); // a misspelt or unknown kind, listing the kinds
    return s.clean() ? rules : null;
  }

  private static AbsenceRule absence(Section s, String name) {
    boolean written = s.has(name);
    Object value = s.get(name); // known even when left out, for the unknown-key message
    if (!written) {
      return AbsenceRule.ALL;
    }
    if (value instanceof String text && text.strip().equals("ALL")) {
      return AbsenceRule.ALL;
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      Set<Tier> tiers = EnumSet.noneOf(Tier.class);
      for (int i = 0; i < list.size(); i++) {
        Tier tier = list.get(i) instanceof String text ? tierNamed(text.strip()) : null;
        if (tier == null) {
          s.problem(s.key(name) + "[" + i + "]", describe(list.get(i)), ABSENCE_TIER_EXPECTED);
        } else {
          tiers.add(tier);
        }
      }
      return s.clean() ? new AbsenceRule.Tiers(tiers) : null;
    }
    s.problemAt(name, ABSENCE_EXPECTED);
    return null;
  }

  /** The tier of exactly this name (upper case, as under {@code tiers}), or null. */
  private static Tier tierNamed(String name) {
    for (Tier tier : Tier.values()) {
      if (tier.name().equals(name)) {
        return tier;
      }
    }
    return null;
  }

  private static boolean allPresent(Object... values) {
    for (Object value : values) {
      if (value == null) {
        return false;
      }
    }
    return true;
  }

  /** A value as the problem shows it: texts quoted, long values shortened. */
  private static String describe(Object value) {
    if (value == null) {
      return "(empty)";
    }
    if (value instanceof String text) {
      return "\"" + shorten(text) + "\"";
    }
    return shorten(String.valueOf(value));
  }

  private static String shorten(String text) {
    if (text == null) {
      return "(no message)";
    }
    String oneLine = text.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= MAX_SHOWN_CHARACTERS
        ? oneLine
        : oneLine.substring(0, MAX_SHOWN_CHARACTERS - 1) + "…";
  }

  /**
   * One mapping of the document. Each typed read returns the value, or {@code null} after recording
   * a problem, so that reading goes on and every problem is reported at once; a record is built
   * only from a {@linkplain #clean() clean} section. A section that is itself missing or not a
   * mapping is <em>absent</em>: its one problem was recorded by the parent, and reads from it
   * return {@code null} without adding problems about each of its keys.
   */
  private static final class Section {
    private final String path;
    private final Map<?, ?> values;
    private final List<PolicyProblem> problems;
    private final boolean present;
    private final Set<String> known = new LinkedHashSet<>();
    private int problemCount;

    Section(String path, Map<?, ?> values, List<PolicyProblem> problems, boolean present) {
      this.path = path;
      this.values = values;
      this.problems = problems;
      this.present = present;
    }

    /** Present, and no problem was found in it (including its subsections' own keys). */
    boolean clean() {
      return present && problemCount == 0;
    }

    private String key(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the key is written at all (for the few optional keys). */
    boolean has(String name) {
      return values.containsKey(name);
    }

    private Object get(String name) {
      known.add(name);
      return values.get(name);
    }

    /** A problem with the key {@code name} of this section, showing its value as found. */
    private void problemAt(String name, String expected) {
      String found = values.containsKey(name) ? describe(values.get(name)) : "(missing)";
      problem(key(name), found, expected);
    }

    /** A problem with any key (a {@link Checks.Sink}). */
    void problem(String fullKey, String found, String expected) {
      if (present) {
        problems.add(new PolicyProblem(fullKey, found, expected));
        problemCount++;
      }
    }

    /**
     * A subsection that may be left out: then it reads as present and empty, so that each of its
     * keys takes its default.
     */
    Section optionalSection(String name) {
      if (!values.containsKey(name)) {
        known.add(name);
        return new Section(key(name), Map.of(), problems, present);
      }
      return section(name);
    }

    Section section(String name) {
      Object value = get(name);
      if (value instanceof Map<?, ?> map) {
        return new Section(key(name), map, problems, present);
      }
      problemAt(name, "a mapping of settings");
      return new Section(key(name), Map.of(), problems, false);
    }

    /** A mapping of names to integers in {@code range}, e.g. each system's level. */
    Map<String, Integer> integers(String name, IntRange range) {
      if (!(get(name) instanceof Map<?, ?> map)) {
        problemAt(name, "a mapping of names to integers " + range.min() + "–" + range.max());
        return null;
      }
      Map<String, Integer> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v instanceof Integer value && range.contains(value)) {
          out.put(String.valueOf(k), value);
        } else {
          problem(key(name) + "." + k, describe(v), range.expected());
        }
      });
      return out;
    }

    Integer integer(String name, IntRange range) {
      if (get(name) instanceof Integer value && range.contains(value)) {
        return value;
      }
      problemAt(name, range.expected());
      return null;
    }

    Boolean bool(String name) {
      if (get(name) instanceof Boolean value) {
        return value;
      }
      problemAt(name, "true or false");
      return null;
    }

    String text(String name, int maxLength) {
      if (get(name) instanceof String value && Checks.isText(value.strip(), 1, maxLength)) {
        return value.strip();
      }
      problemAt(name, "a text of 1–" + maxLength + " characters");
      return null;
    }

    Duration duration(String name, DurationRange range) {
      String expected = range.expected();
      if (get(name) instanceof String text) {
        try {
          Duration value = parseDuration(text.strip());
          if (range.contains(value)) {
            return value;
          }
        } catch (DateTimeParseException e) {
          if (isCalendarPeriod(text.strip())) {
            expected += "; months and years have no fixed length (P1M is a month, PT1M a minute)";
          }
        }
      }
      problemAt(name, expected);
      return null;
    }

    private static boolean isCalendarPeriod(String text) {
      try {
        Period.parse(text);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }

    /**
     * A list of texts; each element that is not a text of the allowed length is a problem of its
     * own ({@code password.blocklist[3]}).
     */
    List<String> texts(String name, int minLength, int maxLength, int maxSize) {
      String each = Checks.text(minLength, maxLength);
      if (!(get(name) instanceof List<?> list)) {
        problemAt(name, "a list, each element " + each);
        return null;
      }
      if (list.size() > maxSize) {
        problem(key(name), list.size() + " entries", "at most " + maxSize + " entries");
        return null;
      }
      List<String> result = new ArrayList<>(list.size());
      boolean valid = true;
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        if (item instanceof String text && Checks.isText(text, minLength, maxLength)) {
          result.add(text);
        } else {
          valid = false;
          String expected =
              item instanceof Number || item instanceof Boolean
                  ? each + "; quote values that YAML reads as numbers or true/false, e.g. \"012\""
                  : each;
          problem(key(name) + "[" + i + "]", describe(item), expected);
        }
      }
      return valid ? result : null;
    }

    /** Every key that no read asked for is a problem, with the nearest known key suggested. */
    void rejectUnknown() {
      for (Map.Entry<?, ?> entry : values.entrySet()) {
        if (!(entry.getKey() instanceof String name && known.contains(name))) {
          String name = String.valueOf(entry.getKey());
          problem(key(name), describe(entry.getValue()), unknownKeyExpected(name));
        }
      }
    }

    private String unknownKeyExpected(String name) {
      String nearest = nearest(name);
      return "a known key"
          + (nearest == null ? "" : " — did you mean " + key(nearest) + "?")
          + " (unknown key; "
          + (path.isEmpty() ? "the document" : path)
          + " has "
          + String.join(", ", known)
          + ")";
    }

    /** The known key within two edits of {@code name}, ignoring case, if there is one. */
    private String nearest(String name) {
      String folded = name.toLowerCase(Locale.ROOT);
      String best = null;
      int bestDistance = 3;
      for (String candidate : known) {
        int distance = editDistance(folded, candidate.toLowerCase(Locale.ROOT));
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
      return best;
    }

    private static int editDistance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
          current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }
  }
}
