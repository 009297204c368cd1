package jp.mamori.hrsync.reconcile;

import static jp.mamori.hrsync.reconcile.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginEvidenceTest {

  private static final Instant OBSERVED = Instant.parse("2026-04-01T00:00:00Z");

  @Test
  void applyWhenLoginRecordedThenItIsTheLastLogin() {
    Instant login = Instant.parse("2026-06-01T08:30:00Z");

    TargetAccount a =
        LoginEvidence.apply(
                List.of(account("1").build()), Map.of("id-1", login), Optional.of(OBSERVED))
            .getFirst();

    assertThat(a.lastLogin()).contains(login);
  }

  @Test
  void applyWhenTargetReportsLaterLoginThanRecordedThenTheLaterWins() {
    Instant recorded = Instant.parse("2026-06-01T00:00:00Z");
    Instant own = Instant.parse("2026-07-01T00:00:00Z");

    TargetAccount a =
        LoginEvidence.apply(
                List.of(account("1").lastLogin(own).build()),
                Map.of("id-1", recorded),
                Optional.of(OBSERVED))
            .getFirst();

    assertThat(a.lastLogin()).contains(own);
  }

  @Test
  void applyWhenNeverSeenLoggingInThenObservationStartOrCreationIfLater() {
    Instant createdLater = Instant.parse("2026-05-01T00:00:00Z");
    Instant createdBefore = Instant.parse("2020-04-01T00:00:00Z");

    List<TargetAccount> accounts =
        LoginEvidence.apply(
            List.of(
                account("1").createdAt(createdLater).build(),
                account("2").createdAt(createdBefore).build(),
                account("3").build()),
            Map.of(),
            Optional.of(OBSERVED));

    assertThat(accounts)
        .extracting(TargetAccount::lastLogin)
        .containsExactly(Optional.of(createdLater), Optional.of(OBSERVED), Optional.of(OBSERVED));
  }

  @Test
  void applyWhenLoginsWereNeverObservedThenNothingIsSet() {
    TargetAccount a =
        LoginEvidence.apply(
                List.of(account("1").createdAt(Instant.parse("2020-04-01T00:00:00Z")).build()),
                Map.of(),
                Optional.empty())
            .getFirst();

    assertThat(a.lastLogin()).isEmpty();
  }
}
