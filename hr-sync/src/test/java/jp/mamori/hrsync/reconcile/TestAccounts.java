package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.Tier;

/** Fixture: a {@link TargetAccount} builder already filled with a valid, enabled staff account. */
final class TestAccounts {

  private TestAccounts() {}

  static Builder account(String employeeNumber) {
    return new Builder(employeeNumber);
  }

  static final class Builder {
    private Target target = Target.IDENTITY_PROVIDER;
    private String id;
    private final String employeeNumber;
    private String fullName = "山田 太郎";
    private Set<String> sections = Set.of("K01");
    private AccountState state = AccountState.ENABLED;
    private Optional<StopReason> stopReason = Optional.empty();
    private Optional<LocalDate> stateSince = Optional.empty();
    private Optional<Instant> createdAt = Optional.empty();
    private Optional<Instant> lastLogin = Optional.empty();
    private AccountKind kind = AccountKind.PERSONAL;
    private Optional<LocalDate> endDate = Optional.empty();
    private Optional<StopReason> stopUndone = Optional.empty();
    private java.util.Map<ProfileField, String> profile = java.util.Map.of();
    private Set<Tier> suspendedTiers = Set.of();

    private Builder(String employeeNumber) {
      this.employeeNumber = employeeNumber;
      this.id = "id-" + employeeNumber;
    }

    Builder target(Target value) {
      this.target = value;
      return this;
    }

    Builder id(String value) {
      this.id = value;
      return this;
    }

    Builder fullName(String value) {
      this.fullName = value;
      return this;
    }

    Builder sections(String... values) {
      this.sections = Set.of(values);
      return this;
    }

    Builder stopped(AccountState value, StopReason reason, LocalDate since) {
      this.state = value;
      this.stopReason = Optional.of(reason);
      this.stateSince = Optional.of(since);
      return this;
    }

    Builder lastLogin(Instant value) {
      this.lastLogin = Optional.of(value);
      return this;
    }

    Builder createdAt(Instant value) {
      this.createdAt = Optional.of(value);
      return this;
    }

    Builder kind(AccountKind value) {
      this.kind = value;
      return this;
    }

    Builder endDate(LocalDate value) {
      this.endDate = Optional.of(value);
      return this;
    }

    /** Enabled on the server although Mamori had stopped it for {@code reason}. */
    Builder stopUndone(StopReason reason) {
      this.stopUndone = Optional.of(reason);
      return this;
    }

    Builder profile(java.util.Map<ProfileField, String> value) {
      this.profile = value;
      return this;
    }

    /** Enabled (again) since {@code day}, as a restore records it. */
    Builder enabledSince(LocalDate day) {
      this.stateSince = Optional.of(day);
      return this;
    }

    /** The tiers the target records as refused for an absence. */
    Builder suspendedTiers(Tier... values) {
      this.suspendedTiers = Set.of(values);
      return this;
    }

    TargetAccount build() {
      return new TargetAccount(
          target,
          id,
          employeeNumber,
          employeeNumber,
          fullName,
          sections,
          state,
          stopReason,
          stateSince,
          createdAt,
          lastLogin,
          kind,
          endDate,
          stopUndone,
          profile,
          suspendedTiers);
    }
  }
}
