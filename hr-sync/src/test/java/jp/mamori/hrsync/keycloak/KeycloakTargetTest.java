package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.policy.Tier;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * How a Keycloak user is read into an account, without a server: the tiers refused for an absence
 * ({@code mamoriSuspendedTiers}). What Keycloak does with them is proven in {@code
 * KeycloakAbsenceIT} on the real Keycloak.
 */
class KeycloakTargetTest {

  @Test
  void toAccountWhenTiersAreRecordedThenReadWhetherWithCommasOrAsSeveralValues() {
    assertThat(tiersOf(Map.of(KeycloakTarget.SUSPENDED_TIERS, List.of("MYNUMBER,LGWAN"))))
        .containsExactly(Tier.MYNUMBER, Tier.LGWAN);
    assertThat(tiersOf(Map.of(KeycloakTarget.SUSPENDED_TIERS, List.of("LGWAN", " MYNUMBER "))))
        .containsExactly(Tier.MYNUMBER, Tier.LGWAN);
  }

  @Test
  void toAccountWhenNoTiersOrOnlyUnknownNamesThenNone() {
    assertThat(tiersOf(Map.of())).isEmpty();
    assertThat(tiersOf(Map.of(KeycloakTarget.SUSPENDED_TIERS, List.of()))).isEmpty();
    assertThat(tiersOf(Map.of(KeycloakTarget.SUSPENDED_TIERS, List.of("mynumber,ALL"))))
        .as("a name edited by hand is no tier: the planner writes the attribute again")
        .isEmpty();
  }

  private static Set<Tier> tiersOf(Map<String, List<String>> attributes) {
    UserRepresentation user = new UserRepresentation();
    user.setId("u-1");
    user.setUsername("10001");
    user.setEnabled(true);
    user.setAttributes(attributes);
    return KeycloakTarget.toAccount(user, Set.of("K01")).suspendedTiers();
  }
}
