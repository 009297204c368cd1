package jp.mamori.authz.credential;

import java.security.SecureRandom;
import java.time.Clock;
import jp.mamori.authz.TestDatabase;
import jp.mamori.hrsync.keycloak.KeycloakCredentials;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.policy.Policy;
import jp.mamori.policy.password.TemporaryPasswordGenerator;
import org.keycloak.admin.client.Keycloak;

/** Test fixture: the temporary-password procedure on a realm, as the service wires it. */
final class TestTemporaryPasswords {

  private TestTemporaryPasswords() {}

  static TemporaryPasswords of(
      Keycloak admin, String realm, Policy policy, TestDatabase database, Clock clock) {
    TemporaryPasswordGenerator generator = new TemporaryPasswordGenerator(new SecureRandom());
    return new TemporaryPasswords(
        new KeycloakCredentials(admin, realm),
        () ->
            new TemporaryPassword(
                generator.generate(policy.password(), policy.temporaryPassword())),
        policy.temporaryPassword(),
        new TemporaryPasswordIssueStore(database.jdbc()),
        database.audit(clock),
        clock);
  }
}
