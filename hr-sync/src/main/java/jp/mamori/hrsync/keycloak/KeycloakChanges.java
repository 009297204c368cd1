package jp.mamori.hrsync.keycloak;

import static jp.mamori.hrsync.keycloak.KeycloakTarget.STATE;
import static jp.mamori.hrsync.keycloak.KeycloakTarget.STATE_SINCE;
import static jp.mamori.hrsync.keycloak.KeycloakTarget.STOP_REASON;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.sync.IdpAccount;
import jp.mamori.hrsync.sync.TemporaryPassword;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * One planned action as requests to Keycloak's standard admin API: what {@link
 * KeycloakTarget#apply} does, and what {@link KeycloakApply} does for each account's actions. Every
 * action is idempotent; a failure is a {@link KeycloakException} with Keycloak's status (0 when it
 * did not answer), which says whether it is the server's ({@link
 * KeycloakException#serverFailure()}).
 */
final class KeycloakChanges {

  private final Keycloak admin;
  private final String realmName;
  private final KeycloakAccounts accounts;
  private final SectionGroups groups;
  private final boolean federated;
  private final FederatedUsers federatedUsers;

  KeycloakChanges(Keycloak admin, String realmName, SectionGroups groups, boolean federated) {
    this.admin = admin;
    this.realmName = realmName;
    this.accounts = new KeycloakAccounts(admin, realmName);
    this.groups = groups;
    this.federated = federated;
    this.federatedUsers = new FederatedUsers(admin, realmName);
  }

  /**
   * Applies one action. Returns the temporary password issued to a joiner, if any (for the one-time
   * hand-over; never stored).
   */
  Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
    try {
      return switch (action) {
        case PlannedAction.Create c -> create(c);
        case PlannedAction.ChangeSections c -> {
          for (String code : c.add()) {
            realm().users().get(c.accountId()).joinGroup(groups.of(code).getId());
          }
          for (String code : c.remove()) {
            // groups.of creates a missing group; leaving an empty group is harmless
            realm().users().get(c.accountId()).leaveGroup(groups.of(code).getId());
          }
          realm().users().get(c.accountId()).logout(); // old access held in a session ends too
          yield Optional.empty();
        }
        case PlannedAction.Rename r -> {
          UserRepresentation user = realm().users().get(r.accountId()).toRepresentation();
          String[] names = r.fullName().split("[ 　]", 2);
          user.setLastName(names[0]);
          user.setFirstName(names.length > 1 ? names[1] : names[0]);
          realm().users().get(r.accountId()).update(user);
          yield Optional.empty();
        }
        case PlannedAction.UpdateProfile u ->
            // read() lists no profile fields for Keycloak users, so the planner plans none
            throw new IllegalArgumentException(
                "expected no profile update for Keycloak (it keeps no section name or title),"
                    + " found one for "
                    + u.accountId());
        case PlannedAction.Suspend s -> {
          stop(s.accountId(), AccountState.SUSPENDED, s.stopReason(), today);
          yield Optional.empty();
        }
        case PlannedAction.Disable d -> {
          stop(d.accountId(), AccountState.DISABLED, d.stopReason(), today);
          yield Optional.empty();
        }
        case PlannedAction.RestrictTiers t -> {
          SuspendedTiers.apply(realm().users().get(t.accountId()), t.tiers());
          yield Optional.empty();
        }
        case PlannedAction.Restore r -> {
          UserRepresentation user = realm().users().get(r.accountId()).toRepresentation();
          Map<String, List<String>> attributes = attributes(user);
          attributes.remove(STATE);
          attributes.remove(STOP_REASON);
          attributes.put(STATE_SINCE, List.of(today.toString()));
          user.setAttributes(attributes);
          user.setEnabled(true);
          realm().users().get(r.accountId()).update(user);
          yield Optional.empty();
        }
        case PlannedAction.Delete d -> {
          delete(d);
          yield Optional.empty();
        }
        case PlannedAction.Report r -> Optional.empty();
      };
    } catch (NotFoundException e) {
      groups.forget(); // a section group may have been removed by hand: look again next time
      throw new KeycloakException(
          "Keycloak has no such user or group for " + action.canonical(), 404, e);
    } catch (WebApplicationException e) {
      throw new KeycloakException(
          "Keycloak refused "
              + action.canonical()
              + ": "
              + KeycloakRealmConfigurator.describe(e.getResponse()),
          e.getResponse().getStatus(),
          e);
    } catch (ProcessingException e) {
      throw KeycloakFailures.noAnswer("applying " + action.canonical(), e);
    }
  }

  private void delete(PlannedAction.Delete d) {
    try (Response response = realm().users().delete(d.accountId())) {
      // 204, or 404 if a previous run (or the federation, for a user whose directory
      // entry is gone) deleted it already; anything else did not delete it
      if (response.getStatus() != 204
          && response.getStatus() != 404
          && !(federated && federatedUsers.gone(d.employeeNumber()))) {
        throw new KeycloakException(
            "delete user "
                + d.accountId()
                + " ("
                + d.employeeNumber()
                + ") in realm "
                + realmName
                + ": expected 204 No Content, found "
                + response.getStatus()
                + " "
                + KeycloakRealmConfigurator.describe(response),
            response.getStatus(),
            null);
      }
    }
  }

  private Optional<TemporaryPassword> create(PlannedAction.Create c) {
    if (federated) {
      federatedUsers.link(c, groups::of);
      return Optional.empty();
    }
    String username = c.employeeNumber();
    List<String> paths = new ArrayList<>();
    for (String code : c.sections()) {
      paths.add("/" + groups.of(code).getName());
    }
    try {
      accounts.createWithoutCredential(c.staff(), username, paths); // one request per joiner
    } catch (KeycloakException e) {
      if (e.status() != 409) {
        throw e;
      }
      // created by a run that was cut off before it was recorded: complete its groups
      Optional<IdpAccount> existing = accounts.findByUsername(username);
      if (existing.isEmpty()) {
        throw e;
      }
      for (String code : c.sections()) {
        realm().users().get(existing.get().id()).joinGroup(groups.of(code).getId());
      }
    }
    return Optional.empty();
  }

  private void stop(String userId, AccountState state, StopReason reason, LocalDate today) {
    UserRepresentation user = realm().users().get(userId).toRepresentation();
    Map<String, List<String>> attributes = attributes(user);
    attributes.put(STATE, List.of(state.name()));
    attributes.put(STOP_REASON, List.of(reason.name()));
    attributes.put(STATE_SINCE, List.of(today.toString()));
    user.setAttributes(attributes);
    user.setEnabled(false);
    realm().users().get(userId).update(user);
    realm().users().get(userId).logout(); // revoke every session at once
  }

  private RealmResource realm() {
    return admin.realm(realmName);
  }

  static Map<String, List<String>> attributes(UserRepresentation user) {
    return user.getAttributes() == null ? new HashMap<>() : new HashMap<>(user.getAttributes());
  }
}
