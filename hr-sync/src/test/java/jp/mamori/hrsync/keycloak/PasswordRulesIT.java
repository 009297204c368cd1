package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The policy's password rules on the real Keycloak (PW-1, PW-2, PW-3): each of the last N passwords
 * is refused again and the one before them is allowed; the longest password the policy allows is
 * taken and one character more is refused; a Japanese passphrase longer than 72 bytes is checked in
 * full (no silent truncation); a blocklisted word written in full-width letters is the same word; a
 * password older than the policy's maximum age must be changed before the login completes.
 */
class PasswordRulesIT {

  private static final String REALM = "password-rules-it";
  private static final String CLIENT = "it-password-rules";

  private static Keycloak admin;
  private static Policy policy;
  private static TokenEndpoint tokens;

  @BeforeAll
  static void realm() {
    admin = EmbeddedKeycloak.shared().adminClient();
    policy = PolicyLoader.loadDefault();
    tokens = PolicyRealm.configure(admin, REALM, policy, CLIENT);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void historyWhenEachOfTheLastPasswordsIsSetAgainThenRefusedAndTheOneBeforeThemAllowed() {
    int n = policy.password().historyCount();
    String id = user("history-user");
    List<String> used = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      String password = "Kaede-Momiji-" + (1000 + i) + "x";
      set(id, password);
      used.add(password);
    }
    // the last n passwords (the current one included) are refused again
    for (String recent : used.subList(used.size() - n, used.size())) {
      assertThatThrownBy(() -> set(id, recent))
          .as("password %s among the last %d", recent, n)
          .isInstanceOf(BadRequestException.class);
    }
    // the one before them is allowed
    set(id, used.getFirst());
    assertThat(tokens.passwordGrant(CLIENT, "history-user", used.getFirst()).status())
        .isEqualTo(200);
  }

  @Test
  void lengthWhenTheLongestAllowedThenTakenAndOneMoreRefused() {
    int max = policy.password().maxLength();
    String id = user("length-user");
    String longest = "Aa1" + "b".repeat(max - 3);
    String tooLong = longest + "c";

    set(id, longest);

    assertThat(tokens.passwordGrant(CLIENT, "length-user", longest).status()).isEqualTo(200);
    assertThatThrownBy(() -> set(id, tooLong)).isInstanceOf(BadRequestException.class);
  }

  @Test
  void passphraseWhenJapaneseOverSeventyTwoBytesThenCheckedInFull() {
    String id = user("passphrase-user");
    String passphrase = "Aa1" + "春はあけぼのやうやう白くなりゆく山ぎはすこしあかりて紫だちたる雲の";
    assertThat(passphrase.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);
    String first72Bytes =
        new String(
            java.util.Arrays.copyOf(passphrase.getBytes(StandardCharsets.UTF_8), 72),
            StandardCharsets.UTF_8);

    set(id, passphrase);

    assertThat(tokens.passwordGrant(CLIENT, "passphrase-user", passphrase).status()).isEqualTo(200);
    assertThat(tokens.passwordGrant(CLIENT, "passphrase-user", first72Bytes).status())
        .as("the first 72 bytes alone are not the password")
        .isNotEqualTo(200);
  }

  @Test
  void blocklistWhenTheWordIsWrittenInFullWidthLettersThenTheSameWord() {
    String id = user("width-user");

    assertThatThrownBy(() -> set(id, "ＰａｓｓｗｏｒｄSakura-2027"))
        .as("full-width ｐａｓｓｗｏｒｄ is the blocklisted password")
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> set(id, "Sakura-ＴＯＫＹＯ-2027x")).isInstanceOf(BadRequestException.class);
    set(id, "Sakura-Ｋｙｏｔｏ-2027x"); // not on the list, whatever its width
  }

  /**
   * PW-2 on Keycloak's own clock: the distribution has no time-offset API, so the password is aged
   * instead — stored with the creation date it would have had {@code maxAge} ± 1 day ago (a PBKDF2
   * hash Keycloak verifies itself). The older one logs in only after a change; the younger one logs
   * in.
   */
  @Test
  void maxAgeWhenThePasswordIsOlderThanTheMaximumAgeThenTheLoginAsksForAChangeFirst()
      throws Exception {
    Duration maxAge = policy.password().maxAge();
    assertThat(maxAge).as("the shipped policy expires passwords").isPositive();
    String password = "Hinoki-Sugi-2027x";
    Instant now = Instant.now();
    agedUser("aged-user", password, now.minus(maxAge).minus(Duration.ofDays(1)));
    agedUser("young-user", password, now.minus(maxAge).plus(Duration.ofDays(1)));

    TokenEndpoint.Answer aged = tokens.passwordGrant(CLIENT, "aged-user", password);
    assertThat(aged.status()).as("a password %s old", maxAge.plusDays(1)).isEqualTo(400);
    assertThat(aged.errorDescription()).isEqualTo("Account is not fully set up");
    assertThat(tokens.passwordGrant(CLIENT, "young-user", password).status())
        .as("a password %s old", maxAge.minusDays(1))
        .isEqualTo(200);
  }

  /** A user whose password Keycloak stores as created at {@code created}. */
  private static void agedUser(String username, String password, Instant created) throws Exception {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    int iterations = 27_500;
    byte[] hash =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 512))
            .getEncoded();
    var base64 = Base64.getEncoder();
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType("password");
    credential.setCreatedDate(created.toEpochMilli());
    credential.setCredentialData(
        "{\"hashIterations\":"
            + iterations
            + ",\"algorithm\":\"pbkdf2-sha512\",\"additionalParameters\":{}}");
    credential.setSecretData(
        "{\"value\":\""
            + base64.encodeToString(hash)
            + "\",\"salt\":\""
            + base64.encodeToString(salt)
            + "\",\"additionalParameters\":{}}");
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName("試験");
    user.setLastName("利用者");
    user.setEnabled(true);
    user.setCredentials(List.of(credential));
    try (Response response = admin.realm(REALM).users().create(user)) {
      assertThat(response.getStatus()).as("create %s", username).isEqualTo(201);
    }
  }

  private static void set(String id, String password) {
    PolicyRealm.password(admin, REALM, id, password);
  }

  private static String user(String username) {
    return PolicyRealm.user(admin, REALM, username);
  }
}
