package jp.mamori.keycloak;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;

/**
 * Required action {@value #ID} (PW-4): a temporary password stops working the moment its lifetime
 * ends, not when Mamori's sweep next withdraws it. Mamori writes the expiry into the password
 * credential's label ({@value #LABEL}…, a label so that recording it never re-validates the
 * person's profile) when it issues the password; at every login of a user who still has to change a
 * temporary password, an expired one is refused with a page saying so (a new one must be issued),
 * before the password-change form is shown.
 */
public final class TemporaryPasswordExpiryFactory implements RequiredActionFactory {

  public static final String ID = "mamori-temporary-password-expiry";

  /**
   * The password credential's label prefix, followed by the ISO-8601 instant after which the
   * temporary password no longer works.
   */
  public static final String LABEL = "mamori-temporary-expires=";

  static final String MESSAGE =
      "仮パスワードの有効期限が切れています。情報システム課に再発行を依頼してください。"
          + " / This temporary password has expired: ask the information-system section for a new"
          + " one.";

  private static final RequiredActionProvider PROVIDER =
      new RequiredActionProvider() {
        @Override
        public void evaluateTriggers(RequiredActionContext context) {
          UserModel user = context.getUser();
          boolean temporary =
              user.getRequiredActionsStream()
                  .anyMatch(a -> UserModel.RequiredAction.UPDATE_PASSWORD.name().equals(a));
          String label =
              user.credentialManager()
                  .getStoredCredentialsByTypeStream("password")
                  .map(org.keycloak.credential.CredentialModel::getUserLabel)
                  .filter(l -> l != null && l.startsWith(LABEL))
                  .findFirst()
                  .map(l -> l.substring(LABEL.length()))
                  .orElse(null);
          if (temporary && expired(label)) {
            user.addRequiredAction(ID);
          } else {
            user.removeRequiredAction(ID); // a new temporary password, or none any more
          }
        }

        @Override
        public void requiredActionChallenge(RequiredActionContext context) {
          context.getEvent().error("temporary_password_expired");
          context.challenge(
              context.form().setError(MESSAGE).createErrorPage(Response.Status.UNAUTHORIZED));
        }

        @Override
        public void processAction(RequiredActionContext context) {
          requiredActionChallenge(context); // nothing the user sends lifts it
        }

        @Override
        public void close() {}
      };

  static boolean expired(String expires) {
    if (expires == null || expires.isBlank()) {
      return false; // issued without an expiry (not by Mamori): the sweep decides
    }
    try {
      return Instant.now().isAfter(Instant.parse(expires));
    } catch (DateTimeParseException e) {
      return true; // an expiry nobody can read is no licence to log in
    }
  }

  @Override
  public String getDisplayText() {
    return "Mamori: temporary password expiry";
  }

  @Override
  public RequiredActionProvider create(KeycloakSession session) {
    return PROVIDER;
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
