package jp.mamori.hrsync.keycloak;

import java.util.List;
import jp.mamori.hrsync.sync.RealmDrift;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of each tier's multi-factor flow, where Mamori's provider is installed: the
 * provider's authenticator {@value #PROVIDER} refuses, as a wrong password, an account that was
 * locked after its password step (PW-5). Keycloak checks the lock at the password step only, and a
 * completed login clears the failures, so a lock that fell while the person was at the WebAuthn
 * step would be lifted by that person's success.
 */
final class LockCheckStep {

  private static final Logger log = LoggerFactory.getLogger(LockCheckStep.class);

  static final String PROVIDER = "mamori-account-not-locked";

  private final Keycloak admin;
  private volatile Boolean installed;

  LockCheckStep(Keycloak admin) {
    this.admin = admin;
  }

  /** Whether this Keycloak has the authenticator (looked up once). */
  boolean installed() {
    Boolean known = installed;
    if (known == null) {
      var authenticators = admin.serverInfo().getInfo().getProviders().get("authenticator");
      known = authenticators != null && authenticators.getProviders().containsKey(PROVIDER);
      if (!known) {
        log.warn(
            "Keycloak has no authenticator {} (Mamori's provider is not installed): a lock that"
                + " falls during a multi-factor login is lifted if that login completes",
            PROVIDER);
      }
      installed = known;
    }
    return known;
  }

  /** Appends the step to the flow {@code alias} unless it is there. */
  void ensure(AuthenticationManagementResource flows, String alias) {
    if (installed() && !present(flows, alias)) {
      TierFlowBuilder.execution(flows, alias, PROVIDER, "REQUIRED", null);
    }
  }

  /** The drift of the flow {@code alias}: the step missing where the provider is installed. */
  List<RealmDrift> drift(AuthenticationManagementResource flows, String alias) {
    if (!installed() || present(flows, alias)) {
      return List.of();
    }
    return List.of(
        new RealmDrift(
            "authenticationFlows." + alias + ".account-not-locked",
            "present",
            "missing",
            List.of("PW-5", "MF-2")));
  }

  private static boolean present(AuthenticationManagementResource flows, String alias) {
    return flows.getExecutions(alias).stream()
        .anyMatch(e -> e.getLevel() == 0 && PROVIDER.equals(e.getProviderId()));
  }
}
