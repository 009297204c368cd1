package jp.mamori.policy;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code tiers} and {@code classification}: which staff reach which systems, and how. */
final class TierSections {

  private TierSections() {}

  static Map<Tier, TierRules> tiers(PolicySection s) {
    Map<Tier, TierRules> tiers = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      PolicySection t = s.section(tier.name());
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
    Map<String, Tier> owner = new HashMap<>();
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

  static Classification classification(PolicySection s, Map<Tier, TierRules> tiers) {
    Map<String, Integer> levels = s.integers("confidentiality", Classification.LEVEL);
    Integer defaultLevel = s.integer("defaultLevel", Classification.LEVEL);
    Integer multiFactorFrom = s.integer("multiFactorFromLevel", Classification.LEVEL);
    if (levels != null && tiers != null) {
      Set<String> known = new HashSet<>();
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
}
