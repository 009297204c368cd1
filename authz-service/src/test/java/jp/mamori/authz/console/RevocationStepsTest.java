package jp.mamori.authz.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.mamori.authz.revocation.Revocations;
import org.junit.jupiter.api.Test;

class RevocationStepsTest {

  @Test
  void ofWhenStepsFailedThenThoseFailedWithTheirErrorAndTheOthersAsDone() {
    Revocations.Outcome outcome =
        new Revocations.Outcome(
            "62001",
            Optional.of(7L),
            true,
            false,
            List.of(3L),
            List.of(),
            List.of("srv-1"),
            List.of(),
            List.of("directory: connection refused", "step-up keys: database unavailable"));

    Map<String, RevocationSteps.Step> steps =
        RevocationSteps.of(outcome).stream()
            .collect(Collectors.toMap(RevocationSteps.Step::id, s -> s));

    assertThat(steps.get("keycloak").code()).isEqualTo("DONE");
    assertThat(steps.get("keycloak").detail()).isEqualTo("sanction #7");
    assertThat(steps.get("directory").code()).isEqualTo("FAILED");
    assertThat(steps.get("directory").detail()).isEqualTo("directory: connection refused");
    assertThat(steps.get("privileged").code()).isEqualTo("DONE");
    assertThat(steps.get("step-up-keys").code()).isEqualTo("FAILED");
    assertThat(steps.get("audit").code()).isEqualTo("DONE");
    assertThat(steps.get("audit").detail()).contains("REVOCATION_INCOMPLETE");
  }

  @Test
  void ofWhenSanctionInForceAlreadyAndNoDirectoryAccountThenNothingThereNotFailed() {
    Revocations.Outcome outcome =
        new Revocations.Outcome(
            "62001",
            Optional.empty(),
            true,
            false,
            List.of(),
            List.of(),
            List.of(),
            List.of("key-1"),
            List.of());

    Map<String, RevocationSteps.Step> steps =
        RevocationSteps.of(outcome).stream()
            .collect(Collectors.toMap(RevocationSteps.Step::id, s -> s));

    assertThat(steps.get("keycloak").code()).isEqualTo("DONE");
    assertThat(steps.get("keycloak").detail()).isEqualTo("sanction in force already");
    assertThat(steps.get("directory").code()).isEqualTo("NOTHING");
    assertThat(steps.get("privileged").code()).isEqualTo("NOTHING");
    assertThat(steps.get("step-up-keys").code()).isEqualTo("DONE");
    assertThat(steps.get("audit").detail()).contains("REVOCATION_DONE");
  }
}
