package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.AccountStatus;
import jp.mamori.hrsync.reconcile.IdentityAccounts;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * One account's {@link AccountStatus} as Keycloak holds it (Mamori's lifecycle attributes plus the
 * brute-force status), and the administrator's actions on it: unlock, lock on the owner's "this
 * wasn't me" report, reinstate, and "the password may have leaked" (PW-7).
 */
public final class KeycloakAccountStates implements IdentityAccounts {

  private final Keycloak admin;
  private final String realmName;
  private final KeycloakTarget target;

  public KeycloakAccountStates(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
    this.target = new KeycloakTarget(admin, realmName);
  }

  /**
   * The account (with its section groups) and its status, by username; empty if Keycloak has no
   * such user.
   */
  @Override
  public Optional<Current> current(String username) {
    try {
      List<UserRepresentation> found =
          admin.realm(realmName).users().searchByUsername(username, true);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      UserResource resource = admin.realm(realmName).users().get(found.getFirst().getId());
      UserRepresentation user = resource.toRepresentation();
      Set<String> sections = new java.util.TreeSet<>();
      for (var group : resource.groups()) {
        if (group.getName().startsWith(KeycloakTarget.SECTION_GROUP_PREFIX)) {
          sections.add(group.getName().substring(KeycloakTarget.SECTION_GROUP_PREFIX.length()));
        }
      }
      TargetAccount account = KeycloakTarget.toAccount(user, sections);
      return Optional.of(new Current(account, AccountStatus.of(account, lockout(user.getId()))));
    } catch (WebApplicationException e) {
      throw refused("read the state of " + username, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable reading " + username, 0, e);
    }
  }

  /**
   * Lifts a lockout after failed logins (the failure count starts again). A permanent lockout also
   * disabled the user in Keycloak, and clearing the failures does not enable it again: a user that
   * Keycloak's lockout disabled (not Mamori: no {@code mamoriState}) is enabled as well.
   */
  @Override
  public void unlock(String userId) {
    call(
        "unlock " + userId,
        () -> {
          UserResource user = admin.realm(realmName).users().get(userId);
          AccountStatus.Lockout before = lockout(userId);
          boolean permanentlyLocked = before.locked() && before.permanent();
          admin.realm(realmName).attackDetection().clearBruteForceForUser(userId);
          UserRepresentation rep = user.toRepresentation();
          boolean stoppedByMamori =
              rep.getAttributes() != null && rep.getAttributes().containsKey(KeycloakTarget.STATE);
          if (permanentlyLocked && !Boolean.TRUE.equals(rep.isEnabled()) && !stoppedByMamori) {
            rep.setEnabled(true);
            user.update(rep);
          }
        });
  }

  /**
   * Locks on the owner's "this wasn't me" report: suspended with {@link
   * StopReason#REPORTED_NOT_ME}, every session ended; only an administrator lifts it.
   */
  @Override
  public void lockReportedNotMe(TargetAccount account, LocalDate today) {
    target.apply(
        new PlannedAction.Suspend(
            Target.IDENTITY_PROVIDER,
            account.employeeNumber(),
            account.id(),
            StopReason.REPORTED_NOT_ME,
            Situation.LINKED,
            Reason.of("本人以外のログインの申告によりロック", "locked on the owner's report", "LG-1")),
        today);
  }

  /**
   * Suspends for a reason an administrator gave (a sanction, an ID inventory): every session ends,
   * and the stop stays until an administrator lifts it (never by HR).
   */
  @Override
  public void suspend(TargetAccount account, StopReason reason, Reason why, LocalDate today) {
    if (reason.liftedByHr()) {
      throw new IllegalArgumentException(
          "reason: expected a stop an administrator lifts; found " + reason + ", which HR drives");
    }
    target.apply(
        new PlannedAction.Suspend(
            Target.IDENTITY_PROVIDER,
            account.employeeNumber(),
            account.id(),
            reason,
            Situation.LINKED,
            why),
        today);
  }

  /** Lifts a stop (enabled again, Mamori's state attributes removed). */
  @Override
  public void reinstate(TargetAccount account, LocalDate today) {
    target.apply(
        new PlannedAction.Restore(
            Target.IDENTITY_PROVIDER,
            account.employeeNumber(),
            account.id(),
            Situation.LINKED,
            Reason.of("管理者による再開", "reinstated by an administrator", "LC-1")),
        today);
  }

  /** PW-7: a new password is required at the next login, and every session ends now. */
  @Override
  public void passwordMayHaveLeaked(String userId) {
    call(
        "force a password change for " + userId,
        () -> {
          UserResource user = admin.realm(realmName).users().get(userId);
          UserRepresentation rep = user.toRepresentation();
          List<String> actions =
              new java.util.ArrayList<>(
                  rep.getRequiredActions() == null ? List.of() : rep.getRequiredActions());
          if (!actions.contains("UPDATE_PASSWORD")) {
            actions.add("UPDATE_PASSWORD");
          }
          rep.setRequiredActions(actions);
          user.update(rep);
          user.logout();
        });
  }

  /**
   * Whether Keycloak requires a new password at the user's next login ({@code UPDATE_PASSWORD}):
   * the effect of {@link #passwordMayHaveLeaked} that can be read back (ended sessions cannot).
   */
  @Override
  public boolean passwordChangeRequired(String userId) {
    try {
      List<String> actions =
          admin.realm(realmName).users().get(userId).toRepresentation().getRequiredActions();
      return actions != null && actions.contains("UPDATE_PASSWORD");
    } catch (NotFoundException e) {
      throw new KeycloakException("Keycloak has no such user " + userId, 404, e);
    } catch (WebApplicationException e) {
      throw refused("read the required actions of " + userId, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable reading " + userId, 0, e);
    }
  }

  private AccountStatus.Lockout lockout(String userId) {
    Map<String, Object> status =
        admin.realm(realmName).attackDetection().bruteForceUserStatus(userId);
    boolean locked = Boolean.TRUE.equals(status.get("disabled"));
    int failures = status.get("numFailures") instanceof Number n ? n.intValue() : 0;
    Optional<Instant> last =
        status.get("lastFailure") instanceof Number n && n.longValue() > 0
            ? Optional.of(Instant.ofEpochMilli(n.longValue()))
            : Optional.empty();
    boolean permanent =
        Boolean.TRUE.equals(admin.realm(realmName).toRepresentation().isPermanentLockout());
    return new AccountStatus.Lockout(locked, permanent, failures, last);
  }

  private void call(String what, Runnable call) {
    try {
      call.run();
    } catch (NotFoundException e) {
      throw new KeycloakException("Keycloak has no such user to " + what, 404, e);
    } catch (WebApplicationException e) {
      throw refused(what, e);
    } catch (ProcessingException e) {
      throw new KeycloakException("Keycloak unreachable: could not " + what, 0, e);
    }
  }

  private KeycloakException refused(String what, WebApplicationException e) {
    return KeycloakException.refused(realmName, what, e);
  }
}
