package jp.mamori.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Authenticator {@value #ID} (PW-5, MF-2): the last step of a multi-step login checks again that
 * the account is not locked. Keycloak checks the lock at the password step only, and a login that
 * completes clears the failures: so without this step, a lock that falls while a person is at the
 * WebAuthn step (someone guessing the password elsewhere) was lifted by that person's success. The
 * refusal is the answer to a wrong password, and it is counted like one.
 */
public final class AccountNotLockedFactory implements AuthenticatorFactory {

  public static final String ID = "mamori-account-not-locked";

  private static final Authenticator AUTHENTICATOR =
      new Authenticator() {
        @Override
        public void authenticate(AuthenticationFlowContext context) {
          UserModel user = context.getUser();
          if (!LockedAccounts.locked(context.getSession(), context.getRealm(), user)) {
            context.success();
            return;
          }
          context.getEvent().user(user).error("user_temporarily_disabled");
          context.failure(
              AuthenticationFlowError.INVALID_USER,
              context.form().setError("invalidUserMessage").createLoginUsernamePassword());
        }

        @Override
        public void action(AuthenticationFlowContext context) {
          authenticate(context);
        }

        @Override
        public boolean requiresUser() {
          return true;
        }

        @Override
        public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
          return true;
        }

        @Override
        public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

        @Override
        public void close() {}
      };

  @Override
  public Authenticator create(KeycloakSession session) {
    return AUTHENTICATOR;
  }

  @Override
  public String getDisplayType() {
    return "Mamori: account not locked";
  }

  @Override
  public String getReferenceCategory() {
    return null;
  }

  @Override
  public boolean isConfigurable() {
    return false;
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return new AuthenticationExecutionModel.Requirement[] {
      AuthenticationExecutionModel.Requirement.REQUIRED,
      AuthenticationExecutionModel.Requirement.DISABLED
    };
  }

  @Override
  public boolean isUserSetupAllowed() {
    return false;
  }

  @Override
  public String getHelpText() {
    return "Refuses, as a wrong password, an account locked during the login (Mamori).";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }
}
