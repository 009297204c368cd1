package jp.mamori.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may use a network tier (8-(2)-③ ネットワークごとにアクセスできる職員等を定める, ZN-1) and how they authenticate
 * there (MF-2).
 *
 * <p>Access is granted by 所属 (section): staff of a listed section may use the tier, and so may
 * holders of a listed role (e.g. an administrator role of the tier's systems). Nobody else may: an
 * empty list of sections and roles closes the tier.
 *
 * @param tier the tier
 * @param allowedSections section codes (所属コード) whose staff may use the tier; {@code "*"} means
 *     every section. Each code 1–64 characters
 * @param allowedRoles roles whose holders may use the tier whatever their section; may be empty
 * @param multiFactorRequired whether login needs multi-factor authentication; must be {@code true}
 *     for {@link Tier#MYNUMBER} (seed 000 6-(3)-① 端末への多要素認証の導入)
 * @param systems the business systems of the tier, as the Keycloak client IDs they log in with; a
 *     system belongs to one tier only. Each ID 1–64 characters; may be empty
 * @param stepUpMaxAge where multi-factor authentication is required, how long ago it may have
 *     happened (step-up by age, PT1M–PT12H): an older login must authenticate again before the
 *     tier's systems open
 * @param allowedAuthenticators where multi-factor authentication is required, the authenticator
 *     models (AAGUIDs, lower-case UUIDs) that may be registered; empty: any model that verifies the
 *     user. Optional in the policy file
 */
public record TierRules(
    Tier tier,
    Set<String> allowedSections,
    Set<String> allowedRoles,
    boolean multiFactorRequired,
    Set<String> systems,
    Duration stepUpMaxAge,
    Set<String> allowedAuthenticators)
    implements Rule {

  /** Rules allowing any authenticator model. */
  public TierRules(
      Tier tier,
      Set<String> allowedSections,
      Set<String> allowedRoles,
      boolean multiFactorRequired,
      Set<String> systems,
      Duration stepUpMaxAge) {
    this(tier, allowedSections, allowedRoles, multiFactorRequired, systems, stepUpMaxAge, Set.of());
  }

  private static final java.util.regex.Pattern AAGUID =
      java.util.regex.Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Whether {@code text} is an AAGUID written as a UUID. */
  public static boolean isAaguid(String text) {
    return text != null && AAGUID.matcher(text).matches();
  }

  /** The default {@link #stepUpMaxAge}: a fresh multi-factor login lasts 15 minutes. */
  public static final Duration DEFAULT_STEP_UP_MAX_AGE = Duration.ofMinutes(15);

  static final DurationRange STEP_UP_MAX_AGE =
      DurationRange.of(Duration.ofMinutes(1), Duration.ofHours(12));

  /** Rules without systems and with the default step-up age. */
  public TierRules(
      Tier tier,
      Set<String> allowedSections,
      Set<String> allowedRoles,
      boolean multiFactorRequired) {
    this(
        tier,
        allowedSections,
        allowedRoles,
        multiFactorRequired,
        Set.of(),
        DEFAULT_STEP_UP_MAX_AGE);
  }

  /** The section code that stands for every section. */
  public static final String EVERY_SECTION = "*";

  static final int MAX_CODE_LENGTH = 64;

  /**
   * @throws IllegalArgumentException if a code is empty or too long, or the My Number tier does not
   *     require multi-factor authentication
   */
  public TierRules {
    Objects.requireNonNull(tier, "tier");
    String key = "tiers." + tier.name();
    allowedSections = Set.copyOf(Objects.requireNonNull(allowedSections, key + ".allowedSections"));
    allowedRoles = Set.copyOf(Objects.requireNonNull(allowedRoles, key + ".allowedRoles"));
    Checks.requireTexts(key + ".allowedSections", allowedSections, 1, MAX_CODE_LENGTH);
    Checks.requireTexts(key + ".allowedRoles", allowedRoles, 1, MAX_CODE_LENGTH);
    systems = Set.copyOf(Objects.requireNonNull(systems, key + ".systems"));
    Checks.requireTexts(key + ".systems", systems, 1, MAX_CODE_LENGTH);
    STEP_UP_MAX_AGE.require(key + ".stepUpMaxAge", stepUpMaxAge);
    Set<String> models = new java.util.LinkedHashSet<>();
    for (String aaguid :
        Objects.requireNonNull(allowedAuthenticators, key + ".allowedAuthenticators")) {
      if (!isAaguid(aaguid)) {
        throw new IllegalArgumentException(
            key
                + ".allowedAuthenticators: expected AAGUIDs written as UUIDs, found '"
                + aaguid
                + "'");
      }
      models.add(aaguid.toLowerCase(java.util.Locale.ROOT));
    }
    allowedAuthenticators = Set.copyOf(models);
    checkMultiFactor(tier, multiFactorRequired, Checks.THROW);
  }

  /** The rule MF-2: the My Number tier requires multi-factor authentication. */
  static void checkMultiFactor(Tier tier, boolean multiFactorRequired, Checks.Sink sink) {
    if (tier == Tier.MYNUMBER && !multiFactorRequired) {
      sink.problem(
          "tiers.MYNUMBER.multiFactorRequired",
          "false",
          "true (My Number terminals need multi-factor authentication, MF-2)");
    }
  }

  /**
   * Whether staff of {@code sectionCode} may use this tier by virtue of their section; {@code
   * false} for staff without a section ({@code null}), even where every section is allowed.
   */
  public boolean allowsSection(String sectionCode) {
    return sectionCode != null
        && (allowedSections.contains(EVERY_SECTION) || allowedSections.contains(sectionCode));
  }

  /** Whether holders of {@code role} may use this tier whatever their section; false for null. */
  public boolean allowsRole(String role) {
    return role != null && allowedRoles.contains(role);
  }

  /** ZN-1 (who may use the tier) and MF-2 (multi-factor on the My Number tier). */
  @Override
  public List<String> requirementIds() {
    return List.of("ZN-1", "MF-2");
  }
}
