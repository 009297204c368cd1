package jp.mamori.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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

  private PolicyLoader() {}

  /**
   * The shipped default.
   *
   * @throws IllegalStateException if the resource is missing from the class path (a broken build)
   */
  public static Policy loadDefault() {
    return build(PolicyDocument.readResource(DEFAULT_RESOURCE), "classpath:" + DEFAULT_RESOURCE);
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
    Map<?, ?> override = PolicyDocument.parseMap(PolicyDocument.readFile(overrideFile), source);
    return build(
        PolicyDocument.merge(PolicyDocument.readResource(DEFAULT_RESOURCE), override),
        source + " (over the shipped default)");
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
                  "(profile)",
                  PolicySection.describe(name),
                  "one of " + String.join(", ", PROFILES))));
    }
    String resource = PROFILE_RESOURCE + name + ".yaml";
    return build(
        PolicyDocument.merge(
            PolicyDocument.readResource(DEFAULT_RESOURCE), PolicyDocument.readResource(resource)),
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
    return build(PolicyDocument.parseMap(yaml, sourceName), sourceName);
  }

  // ---------------------------------------------------------------- building

  private static Policy build(Map<?, ?> document, String source) {
    List<PolicyProblem> problems = new ArrayList<>();
    PolicySection root = new PolicySection("", document, problems, true);

    String municipality = root.text("municipality", Policy.MAX_MUNICIPALITY_LENGTH);
    PasswordRules password = PasswordSections.password(root.section("password"));
    LockoutRules lockout = SignInSections.lockout(root.section("lockout"));
    TemporaryPasswordRules temporaryPassword =
        PasswordSections.temporaryPassword(root.section("temporaryPassword"), password);
    SessionRules session = SignInSections.session(root.section("session"));
    LoginDisplay login = SignInSections.login(root.section("login"));
    Map<Tier, TierRules> tiers = TierSections.tiers(root.section("tiers"));
    PrivilegedAccessRules privileged =
        PrivilegedSection.privileged(root.section("privileged"), lockout);
    LifecycleRules lifecycle = LifecycleSection.lifecycle(root.section("lifecycle"));
    // classified systems are checked against the tiers once the rest is free of problems (a
    // broken tier would otherwise make every system it lists look like a typo here)
    Classification classification =
        TierSections.classification(
            root.section("classification"), problems.isEmpty() ? tiers : null);
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
}
