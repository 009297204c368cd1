package jp.mamori.hrsync.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.Tier;

/**
 * An account as read from one target. Read completely or not at all: the planner takes a missing
 * account for a missing account, so an adapter must throw rather than return a partial or empty
 * list on an error (an empty LDAP answer once made a product delete everyone).
 *
 * @param target where the account lives
 * @param id the target's own ID (DN, Keycloak user ID)
 * @param employeeNumber 職員番号, or empty if the account carries none
 * @param loginName login name
 * @param fullName 氏名 as the target has it
 * @param sections section codes the account has access for (兼務: more than one)
 * @param state enabled, suspended or disabled
 * @param stopReason why it is suspended or disabled; empty when enabled
 * @param stateSince when the current state began (for retention and grace periods)
 * @param createdAt when the account was created, if known
 * @param lastLogin the last successful login if one is known (Keycloak login events, AD {@code
 *     lastLogonTimestamp}); for an account never seen logging in, the instant since which logins
 *     have been watched without one (the start of Mamori's login observation, or the account's
 *     creation if later); empty when nothing is known. Dormancy (LC-3) is judged from this alone
 * @param kind personal, service, privileged or development
 * @param endDate for development and contractor accounts, the last day of use (LC-4, LC-7)
 * @param stopUndone the stop Mamori recorded on an account that the target now shows enabled: it
 *     was re-enabled outside Mamori (drift, reverted by the planner unless HR lifted the stop);
 *     empty otherwise. Only targets whose enabled state is read from the server apart from Mamori's
 *     own record (the directory) report it
 * @param profile the HR-derived attributes the target keeps besides the name and sections, by
 *     {@link ProfileField}, as the target has them ("" for an attribute the entry lacks); a field
 *     the target does not keep is absent, and the planner leaves it alone
 * @param suspendedTiers the tiers the person may not use while absent (育児休業 etc. under a policy
 *     that keeps the account, {@link PlannedAction.RestrictTiers}), as the target records them;
 *     empty when none are, and always for a target that keeps no tiers (the directory)
 */
public record TargetAccount(
    Target target,
    String id,
    String employeeNumber,
    String loginName,
    String fullName,
    Set<String> sections,
    AccountState state,
    Optional<StopReason> stopReason,
    Optional<LocalDate> stateSince,
    Optional<Instant> createdAt,
    Optional<Instant> lastLogin,
    AccountKind kind,
    Optional<LocalDate> endDate,
    Optional<StopReason> stopUndone,
    Map<ProfileField, String> profile,
    Set<Tier> suspendedTiers) {

  /** An account with no tier suspended for an absence. */
  public TargetAccount(
      Target target,
      String id,
      String employeeNumber,
      String loginName,
      String fullName,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> stopReason,
      Optional<LocalDate> stateSince,
      Optional<Instant> createdAt,
      Optional<Instant> lastLogin,
      AccountKind kind,
      Optional<LocalDate> endDate,
      Optional<StopReason> stopUndone,
      Map<ProfileField, String> profile) {
    this(
        target,
        id,
        employeeNumber,
        loginName,
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
        Set.of());
  }

  /** An account whose target reports no drift of its stop and keeps no profile attributes. */
  public TargetAccount(
      Target target,
      String id,
      String employeeNumber,
      String loginName,
      String fullName,
      Set<String> sections,
      AccountState state,
      Optional<StopReason> stopReason,
      Optional<LocalDate> stateSince,
      Optional<Instant> createdAt,
      Optional<Instant> lastLogin,
      AccountKind kind,
      Optional<LocalDate> endDate) {
    this(
        target,
        id,
        employeeNumber,
        loginName,
        fullName,
        sections,
        state,
        stopReason,
        stateSince,
        createdAt,
        lastLogin,
        kind,
        endDate,
        Optional.empty(),
        Map.of());
  }

  public TargetAccount {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(employeeNumber, "employeeNumber (use \"\")");
    Objects.requireNonNull(loginName, "loginName");
    Objects.requireNonNull(fullName, "fullName");
    sections = Set.copyOf(sections);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(stateSince, "stateSince");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastLogin, "lastLogin");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(endDate, "endDate");
    if (state == AccountState.ENABLED && stopReason.isPresent()) {
      throw new IllegalArgumentException("an enabled account has no stop reason: " + id);
    }
    Objects.requireNonNull(stopUndone, "stopUndone");
    if (state != AccountState.ENABLED && stopUndone.isPresent()) {
      throw new IllegalArgumentException(
          "only an enabled account can have its stop undone outside Mamori: " + id);
    }
    profile = Map.copyOf(profile);
    suspendedTiers =
        suspendedTiers.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(suspendedTiers));
  }

  /** This account with another {@link #lastLogin()}. */
  public TargetAccount withLastLogin(Optional<Instant> value) {
    return new TargetAccount(
        target,
        id,
        employeeNumber,
        loginName,
        fullName,
        sections,
        state,
        stopReason,
        stateSince,
        createdAt,
        value,
        kind,
        endDate,
        stopUndone,
        profile,
        suspendedTiers);
  }

  /** This account with other {@link #suspendedTiers()} (an in-memory target applying a plan). */
  public TargetAccount withSuspendedTiers(Set<Tier> value) {
    return new TargetAccount(
        target,
        id,
        employeeNumber,
        loginName,
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
        value);
  }

  /** Key of this account across runs, e.g. for the first day it was seen orphaned. */
  public String key() {
    return target + ":" + id;
  }

  /** Identifiers only; the name is personal data. */
  @Override
  public String toString() {
    return "TargetAccount["
        + target
        + " "
        + id
        + ", employeeNumber="
        + employeeNumber
        + ", "
        + state
        + "]";
  }
}
