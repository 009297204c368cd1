package jp.mamori.hrsync.keycloak;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.policy.Tier;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The tiers a Keycloak user may not use while absent ({@link PlannedAction.RestrictTiers}; policy
 * {@code lifecycle.absences}): the user attribute {@value #ATTRIBUTE}, one value of comma-separated
 * tier names ({@code MYNUMBER,LGWAN}), absent when none are refused. The access decision reads it
 * with the account's state. Like Mamori's other attributes it is unmanaged and admin-edit only (the
 * realm's user profile), so its owner cannot remove it from the account console.
 */
final class SuspendedTiers {

  static final String ATTRIBUTE = "mamoriSuspendedTiers";

  private SuspendedTiers() {}

  /**
   * Sets the attribute to {@code tiers} (the whole set, so applying again changes nothing), or
   * removes it when empty. When a tier is added every session ends, so that a token issued before
   * serves that tier no longer than until it expires.
   */
  static void apply(UserResource resource, Set<Tier> tiers) {
    UserRepresentation user = resource.toRepresentation();
    Map<String, List<String>> attributes =
        user.getAttributes() == null ? new HashMap<>() : new HashMap<>(user.getAttributes());
    Set<Tier> before = read(attributes);
    if (tiers.isEmpty()) {
      attributes.remove(ATTRIBUTE);
    } else {
      attributes.put( // in the tiers' order: MYNUMBER,LGWAN
          ATTRIBUTE,
          List.of(String.join(",", EnumSet.copyOf(tiers).stream().map(Tier::name).toList())));
    }
    user.setAttributes(attributes);
    resource.update(user);
    if (!before.containsAll(tiers)) {
      resource.logout();
    }
  }

  /**
   * The tiers the attribute names, whether as one value with commas or as several values; a name
   * that is no tier (edited by hand) is skipped, and the planner then writes the attribute again as
   * HR and the policy ask.
   */
  static Set<Tier> read(Map<String, List<String>> attributes) {
    List<String> values = attributes.get(ATTRIBUTE);
    if (values == null || values.isEmpty()) {
      return Set.of();
    }
    Set<Tier> tiers = EnumSet.noneOf(Tier.class);
    for (String value : values) {
      for (String name : value == null ? new String[0] : value.split(",")) {
        for (Tier tier : Tier.values()) {
          if (tier.name().equals(name.strip())) {
            tiers.add(tier);
          }
        }
      }
    }
    return tiers;
  }
}
