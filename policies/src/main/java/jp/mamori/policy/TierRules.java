package jp.mamori.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may use a network tier (8-(2)-③, ZN-1) and how they must authenticate (MF-2).
 *
 * @param tier the tier
 * @param allowedSections section codes allowed; {@code "*"} means every section
 * @param allowedRoles roles allowed in addition to the sections
 * @param multiFactorRequired whether multi-factor authentication is required; always true for
 *     {@link Tier#MYNUMBER}
 */
public record TierRules(
    Tier tier, Set<String> allowedSections, Set<String> allowedRoles, boolean multiFactorRequired)
    implements Rule {

  public TierRules {
    Objects.requireNonNull(tier, "tier");
    allowedSections = Set.copyOf(allowedSections);
    allowedRoles = Set.copyOf(allowedRoles);
    if (tier == Tier.MYNUMBER && !multiFactorRequired) {
      throw new IllegalArgumentException(
          "tiers.MYNUMBER.multiFactorRequired: expected true (MF-2), found false");
    }
  }

  /** Whether staff of {@code sectionCode} may use this tier. */
  public boolean allowsSection(String sectionCode) {
    return allowedSections.contains("*") || allowedSections.contains(sectionCode);
  }

  @Override
  public List<String> requirementIds() {
    return tier == Tier.MYNUMBER ? List.of("ZN-1", "MF-2") : List.of("ZN-1");
  }
}
