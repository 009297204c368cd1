package jp.mamori.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classification of the business systems by the confidentiality of the information assets they
 * hold (5-(1)-① 機密性による情報資産の分類, GV-1), and what it demands of access: from {@code
 * multiFactorFromLevel} up, a system needs multi-factor authentication with user verification
 * whatever its tier (機密性3: 秘密文書に相当する情報資産).
 *
 * @param confidentiality 機密性 1–3 of each system (Keycloak client ID), for those listed
 * @param defaultLevel the level of a system not listed (1–3)
 * @param multiFactorFromLevel the lowest level that needs multi-factor authentication (1–3)
 */
@Enforces(
    value = {"GV-1"},
    ja = "業務システムの機密性の分類に応じて求める認証を決める",
    en = "Decides the authentication each system's confidentiality level demands")
public record Classification(
    Map<String, Integer> confidentiality, int defaultLevel, int multiFactorFromLevel)
    implements Rule {

  static final IntRange LEVEL = new IntRange(1, 3);

  /** Nothing classified: every system level 2, multi-factor from level 3. */
  public static final Classification DEFAULT = new Classification(Map.of(), 2, 3);

  public Classification {
    confidentiality = Map.copyOf(Objects.requireNonNull(confidentiality, "confidentiality"));
    confidentiality.forEach(
        (system, level) -> LEVEL.require("classification.confidentiality." + system, level));
    LEVEL.require("classification.defaultLevel", defaultLevel);
    LEVEL.require("classification.multiFactorFromLevel", multiFactorFromLevel);
  }

  /** The confidentiality level of a system. */
  public int levelOf(String system) {
    return confidentiality.getOrDefault(system, defaultLevel);
  }

  /** Whether the system's classification demands multi-factor authentication. */
  public boolean needsMultiFactor(String system) {
    return levelOf(system) >= multiFactorFromLevel;
  }

  @Override
  public List<String> requirementIds() {
    return List.of("GV-1", "MF-2");
  }
}
