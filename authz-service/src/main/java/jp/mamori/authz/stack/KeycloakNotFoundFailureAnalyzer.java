package jp.mamori.authz.stack;

import jp.mamori.hrsync.keycloak.embedded.KeycloakHome;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** No Keycloak for the embedded default: where it was looked for, without a stack trace. */
class KeycloakNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<KeycloakHome.NotFound> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, KeycloakHome.NotFound cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "mamori.keycloak.home (環境変数 MAMORI_KEYCLOAK_HOME) に展開済みの Keycloak を指定するか、配布物の"
            + " lib/keycloak/ から起動してください / set mamori.keycloak.home (MAMORI_KEYCLOAK_HOME) to an"
            + " unpacked Keycloak, or start Mamori from its distribution (bin/mamori), which ships"
            + " one in lib/keycloak/.",
        cause);
  }
}
