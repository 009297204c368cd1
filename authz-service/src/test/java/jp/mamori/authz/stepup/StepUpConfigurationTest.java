package jp.mamori.authz.stepup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Settings of the step-up relying party that a careless production configuration would get wrong.
 */
class StepUpConfigurationTest {

  @Test
  void modelsWhenRestrictedWithoutAttestationRootsThenRefusedNamingTheSetting() {
    assertThatThrownBy(() -> StepUpConfiguration.requireAttestationForModels(2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mamori.step-up.attestation-roots")
        .hasMessageContaining("only the authenticator's own claim");
  }

  @Test
  void modelsWhenUnrestrictedOrAttestedThenAccepted() {
    assertThatCode(() -> StepUpConfiguration.requireAttestationForModels(0, 0))
        .doesNotThrowAnyException();
    assertThatCode(() -> StepUpConfiguration.requireAttestationForModels(2, 1))
        .doesNotThrowAnyException();
  }
}
