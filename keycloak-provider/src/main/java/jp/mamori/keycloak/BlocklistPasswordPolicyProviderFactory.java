package jp.mamori.keycloak;

import java.util.Locale;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.policy.PolicyError;

/**
 * Password policy {@code mamoriBlocklist} (PW-1): refuses a password that contains, ignoring case
 * and full-width/half-width (NFKC), one of the words of the realm attribute {@value #ATTRIBUTE}
 * (one word per line; common passwords and context words such as the municipality's name, written
 * there by Mamori from its policy document). Keycloak's own {@code passwordBlacklist} reads a file
 * on Keycloak's host and matches whole passwords only; this one is set through the admin API and
 * matches words inside a password. The refusal uses Keycloak's message for a blocklisted password,
 * so the login pages show it in the user's language.
 *
 * <p>It also refuses any new password chosen inside a login while the account is locked (PW-5):
 * Keycloak checks the lock at the password step only, so a first login whose change form was open
 * when the lock fell would otherwise set the new password and open a session. Administrators'
 * resets through the admin API are not affected.
 */
public final class BlocklistPasswordPolicyProviderFactory implements PasswordPolicyProviderFactory {

  public static final String ID = "mamoriBlocklist";

  /** The realm attribute holding the words. */
  public static final String ATTRIBUTE = "mamoriPasswordBlocklist";

  static final String MESSAGE = "invalidPasswordBlacklistedMessage";

  static final String LOCKED_MESSAGE =
      "アカウントがロックされているため、パスワードを変更できません。 / The account is locked: the"
          + " password cannot be changed now.";

  /**
   * As Mamori compares: NFKC (full-width ｐａｓｓ and half-width pass are one word) and
   * locale-independent lower case, on both the password and the words.
   */
  static String normal(String text) {
    return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT);
  }

  @Override
  public PasswordPolicyProvider create(KeycloakSession session) {
    return new PasswordPolicyProvider() {
      @Override
      public PolicyError validate(RealmModel realm, UserModel user, String password) {
        if (LockedAccounts.inLogin(session) && LockedAccounts.locked(session, realm, user)) {
          return new PolicyError(LOCKED_MESSAGE);
        }
        String words = realm.getAttribute(ATTRIBUTE);
        if (words == null || words.isEmpty() || password == null) {
          return null;
        }
        String candidate = normal(password);
        for (String word : words.split("\n")) {
          String w = normal(word.strip());
          if (!w.isEmpty() && candidate.contains(w)) {
            return new PolicyError(MESSAGE);
          }
        }
        return null;
      }

      @Override
      public PolicyError validate(String user, String password) {
        return null; // without a realm there are no words
      }

      @Override
      public Object parseConfig(String value) {
        return value;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String getDisplayName() {
    return "Mamori blocklist (realm attribute " + ATTRIBUTE + ")";
  }

  @Override
  public String getConfigType() {
    return PasswordPolicyProvider.STRING_CONFIG_TYPE;
  }

  @Override
  public String getDefaultConfigValue() {
    return "realm";
  }

  @Override
  public boolean isMultiplSupported() {
    return false;
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
