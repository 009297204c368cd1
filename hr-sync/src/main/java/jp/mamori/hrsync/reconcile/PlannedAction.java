package jp.mamori.hrsync.reconcile;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.Tier;

/**
 * One step of a plan: what to do to which account in which target, and why. A {@link Report}
 * changes nothing; every other action changes exactly one account.
 */
public sealed interface PlannedAction {

  Target target();

  String employeeNumber();

  Situation situation();

  Reason reason();

  /** Whether applying it takes access away (counted by the mass-change guard). */
  default boolean destructive() {
    return false;
  }

  /** Whether applying it changes anything at all. */
  default boolean changes() {
    return true;
  }

  /** A stable one-line description, used for the plan's fingerprint. */
  String canonical();

  /** Joiner (LC-1): create the account with the HR record's sections. */
  record Create(
      Target target, StaffRecord staff, Set<String> sections, Situation situation, Reason reason)
      implements PlannedAction {
    public Create {
      sections = Set.copyOf(sections);
    }

    @Override
    public String employeeNumber() {
      return staff.employeeNumber();
    }

    @Override
    public String canonical() {
      return "CREATE|"
          + target
          + "|"
          + staff.employeeNumber()
          + "|"
          + new java.util.TreeSet<>(sections);
    }
  }

  /**
   * Mover (LC-5): grant the new sections and withdraw the old ones on the effective date; the
   * person's sessions end so that old access held in a session ends too.
   */
  record ChangeSections(
      Target target,
      String employeeNumber,
      String accountId,
      Set<String> add,
      Set<String> remove,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    public ChangeSections {
      add = Set.copyOf(add);
      remove = Set.copyOf(remove);
    }

    @Override
    public String canonical() {
      return "SECTIONS|"
          + target
          + "|"
          + accountId
          + "|+"
          + new java.util.TreeSet<>(add)
          + "|-"
          + new java.util.TreeSet<>(remove);
    }
  }

  /** Name change (改姓など): same account, new name (the ID is kept). */
  record Rename(
      Target target,
      String employeeNumber,
      String accountId,
      String fullName,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    @Override
    public String canonical() {
      return "RENAME|" + target + "|" + accountId + "|" + fullName;
    }
  }

  /**
   * The section name or title (職名) of the main post changed in HR (異動・昇任): the account's attributes
   * follow. {@code values} holds only the fields that differ.
   */
  record UpdateProfile(
      Target target,
      String employeeNumber,
      String accountId,
      java.util.Map<ProfileField, String> values,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    public UpdateProfile {
      values = java.util.Map.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("an UpdateProfile changes at least one field");
      }
    }

    @Override
    public String canonical() {
      return "PROFILE|" + target + "|" + accountId + "|" + new java.util.TreeMap<>(values);
    }
  }

  /** Secondment or leave: stop the account for a while and end its sessions. */
  record Suspend(
      Target target,
      String employeeNumber,
      String accountId,
      StopReason stopReason,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    @Override
    public boolean destructive() {
      return true;
    }

    @Override
    public String canonical() {
      return "SUSPEND|" + target + "|" + accountId + "|" + stopReason;
    }
  }

  /**
   * An absence that the policy lets keep the account ({@code lifecycle.absences}, e.g. 育児休業 {@code
   * [MYNUMBER]}): record on the identity provider's account the tiers the person may not use, so
   * that the access decision refuses them ({@code ABSENT_FROM_TIER}, LC-2); an empty set lifts the
   * restriction on return. Adding a tier ends the person's sessions. Only the identity provider
   * (Keycloak) keeps tiers: the directory never receives this action.
   *
   * <p>Not {@linkplain #destructive() destructive}: the account stays usable for the other tiers,
   * and the mass-change guard counts accounts taken away, not tiers.
   *
   * @param tiers the tiers refused from now on (the whole set, not a change); empty to lift
   * @param returnDate 復職予定日, when HR gives one: shown, not applied
   */
  record RestrictTiers(
      Target target,
      String employeeNumber,
      String accountId,
      Set<Tier> tiers,
      Optional<LocalDate> returnDate,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    public RestrictTiers {
      if (target != Target.IDENTITY_PROVIDER) {
        throw new IllegalArgumentException(
            "target: expected IDENTITY_PROVIDER (only Keycloak keeps an account's tiers), found "
                + target);
      }
      tiers = tiers.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(tiers));
      Objects.requireNonNull(returnDate, "returnDate");
    }

    /** The tiers in their order, e.g. {@code RESTRICT_TIERS|IDENTITY_PROVIDER|id|[MYNUMBER]}. */
    @Override
    public String canonical() {
      return "RESTRICT_TIERS|" + target + "|" + accountId + "|" + tiers;
    }
  }

  /** Return, re-employment: lift an HR-driven stop. */
  record Restore(
      Target target, String employeeNumber, String accountId, Situation situation, Reason reason)
      implements PlannedAction {
    @Override
    public String canonical() {
      return "RESTORE|" + target + "|" + accountId;
    }
  }

  /**
   * Leaver, ended contract, orphan past its grace, dormant: disable and revoke sessions at once.
   */
  record Disable(
      Target target,
      String employeeNumber,
      String accountId,
      StopReason stopReason,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    @Override
    public boolean destructive() {
      return true;
    }

    @Override
    public String canonical() {
      return "DISABLE|" + target + "|" + accountId + "|" + stopReason;
    }
  }

  /** A disabled account past the policy's retention (LC-2): delete it. */
  record Delete(
      Target target,
      String employeeNumber,
      String accountId,
      LocalDate disabledSince,
      Situation situation,
      Reason reason)
      implements PlannedAction {
    @Override
    public boolean destructive() {
      return true;
    }

    @Override
    public String canonical() {
      return "DELETE|" + target + "|" + accountId;
    }
  }

  /**
   * Nothing to change now, but a person should know: orphan in grace, dispute, scheduled change.
   */
  record Report(
      Target target, String employeeNumber, String accountId, Situation situation, Reason reason)
      implements PlannedAction {
    @Override
    public boolean changes() {
      return false;
    }

    @Override
    public String canonical() {
      return "REPORT|" + target + "|" + accountId + "|" + situation + "|" + reason.en();
    }
  }
}
