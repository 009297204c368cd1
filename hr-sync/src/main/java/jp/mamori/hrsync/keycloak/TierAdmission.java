package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Who may use a tier, for {@link KeycloakTierFlows}: the tier's realm role, held through the
 * section groups of its {@code allowedSections} and as a composite of its {@code allowedRoles}.
 */
final class TierAdmission {

  private TierAdmission() {}

  static void admitThroughSectionsAndRoles(RealmResource realm, Tier tier, TierRules rules) {
    RoleRepresentation role = ensureRole(realm, KeycloakTierFlows.tierRole(tier), tier);
    for (String code : rules.allowedSections()) {
      GroupRepresentation group =
          sectionGroup(realm, code).orElseGet(() -> createGroup(realm, code));
      var mappings = realm.groups().group(group.getId()).roles().realmLevel();
      if (mappings.listAll().stream().noneMatch(r -> r.getName().equals(role.getName()))) {
        mappings.add(List.of(role));
      }
    }
    for (String allowed : rules.allowedRoles()) {
      RoleRepresentation holder = ensureRole(realm, allowed, tier);
      var composites = realm.roles().get(holder.getName());
      if (composites.getRoleComposites().stream()
          .noneMatch(r -> r.getName().equals(role.getName()))) {
        composites.addComposites(List.of(role));
      }
    }
  }

  private static RoleRepresentation ensureRole(RealmResource realm, String name, Tier tier) {
    try {
      return realm.roles().get(name).toRepresentation();
    } catch (NotFoundException e) {
      RoleRepresentation role = new RoleRepresentation();
      role.setName(name);
      role.setDescription(
          tier.name() + " の利用を許可 (ポリシー tiers." + tier.name() + ") / admits to the tier");
      realm.roles().create(role);
      return realm.roles().get(name).toRepresentation();
    }
  }

  static Optional<GroupRepresentation> sectionGroup(RealmResource realm, String code) {
    String name = KeycloakTarget.SECTION_GROUP_PREFIX + code;
    return realm.groups().groups(name, true, 0, 10, true).stream()
        .filter(g -> g.getName().equals(name))
        .findFirst();
  }

  private static GroupRepresentation createGroup(RealmResource realm, String code) {
    GroupRepresentation group = new GroupRepresentation();
    group.setName(KeycloakTarget.SECTION_GROUP_PREFIX + code);
    try (Response response = realm.groups().add(group)) {
      if (response.getStatus() == 201) {
        group.setId(CreatedResponseUtil.getCreatedId(response));
        return group;
      }
    }
    return sectionGroup(realm, code)
        .orElseThrow(() ->
            new KeycloakException(
                "Keycloak did not create group "
                    + group.getName()
                    + " of realm "
                    + realmNameOf(realm),
                0,
                null));
  }

  private static String realmNameOf(RealmResource realm) {
    return realm.toRepresentation().getRealm();
  }
}
