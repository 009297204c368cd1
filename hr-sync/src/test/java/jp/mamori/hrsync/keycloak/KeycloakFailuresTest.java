package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ResponseProcessingException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which failures of a request to Keycloak stop a batch (the server's) and which stop only one
 * account (LC-1), built as {@link KeycloakChanges} and the admin client report them. That the real
 * admin client reports a frozen, a gone and a locked-out Keycloak this way is shown in {@code
 * KeycloakGoneIT} and {@code KeycloakAdminClientTest}.
 */
class KeycloakFailuresTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        // the server's: no answer
        server("connection refused", unreachable(new ConnectException("Connection refused"))),
        server("connection reset", unreachable(new SocketException("Connection reset"))),
        server("no answer within the read timeout", unreachable(timedOut())),
        server(
            "no answer, wrapped twice (the token request in the auth filter)",
            unreachable(new ProcessingException(new ProcessingException(timedOut())))),
        // the server's: a proxy without Keycloak, throttling
        server("502 Bad Gateway", refused(502)),
        server("503 Service Unavailable", refused(new ServiceUnavailableException())),
        server("504 Gateway Timeout", refused(504)),
        server("429 Too Many Requests", refused(429)),
        // the server's: Mamori's admin account
        server("401 from the admin API", refused(new NotAuthorizedException("Bearer"))),
        server(
            "token refused: wrong password (401 inside the auth filter)",
            unreachable(new NotAuthorizedException("Bearer"))),
        server(
            "token refused: wrong password on Keycloak 26.7, or account disabled (400 inside the"
                + " auth filter)",
            unreachable(new BadRequestException())),
        server(
            "503 from the token endpoint, in a KeycloakException without status",
            new KeycloakException("look up user 10001", 0, new ServiceUnavailableException())),
        // one account's
        account("409 Conflict: the username exists", new KeycloakException("conflict", 409, null)),
        account("400 Bad Request: this user refused", refused(new BadRequestException())),
        account("404 Not Found: user or group gone", refused(new NotFoundException())),
        account("403 Forbidden: fine-grained permissions", refused(new ForbiddenException())),
        account("500: one user's data may trip a bug", refused(new InternalServerErrorException())),
        account(
            "an answer that could not be read",
            unreachable(
                new ResponseProcessingException(
                    Response.ok().build(), new JsonParseException(null, "Unexpected '<'")))),
        account(
            "no status and no cause (a group that was not created)",
            new KeycloakException("Keycloak did not create group section-K01", 0, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void serverFailureWhenClassifiedThenOnlyTheServersStopTheBatch(
      String what, KeycloakException failure, boolean server) {
    assertThat(failure.serverFailure()).as(what).isEqualTo(server);
    assertThat(KeycloakFailures.stopsBatch(failure)).as(what).isEqualTo(server);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void stopsBatchWhenNotAKeycloakExceptionThenNever(String what, KeycloakException failure) {
    assertThat(KeycloakFailures.stopsBatch(new IllegalStateException(what, failure))).isFalse();
  }

  /**
   * A refused admin token names the settings to check, takes the token endpoint's status, and is no
   * case for a retry; a request without an answer is Keycloak unreachable, retryable.
   */
  @Test
  void noAnswerWhenTheTokenIsRefusedThenNamesTheAccountsSettingsNotUnreachable() {
    KeycloakException refused =
        KeycloakFailures.noAnswer(
            "applying SUSPEND|IDENTITY_PROVIDER|u-1",
            new ProcessingException(new BadRequestException()));
    KeycloakException silent =
        KeycloakFailures.noAnswer(
            "applying SUSPEND|IDENTITY_PROVIDER|u-1", new ProcessingException(timedOut()));

    assertThat(refused.getMessage())
        .startsWith(
            "Keycloak refused Mamori's administrative account a token (400 Bad Request) applying"
                + " SUSPEND|IDENTITY_PROVIDER|u-1")
        .contains("mamori.keycloak.admin-username")
        .contains("mamori.keycloak.admin-password");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.serverFailure()).isTrue();
    assertThat(refused.retryable()).isFalse();
    assertThat(silent.getMessage())
        .isEqualTo("Keycloak unreachable applying SUSPEND|IDENTITY_PROVIDER|u-1");
    assertThat(silent.status()).isZero();
    assertThat(silent.serverFailure()).isTrue();
    assertThat(silent.retryable()).isTrue();
  }

  private static Arguments server(String what, KeycloakException e) {
    return Arguments.of(what, e, true);
  }

  private static Arguments account(String what, KeycloakException e) {
    return Arguments.of(what, e, false);
  }

  private static SocketTimeoutException timedOut() {
    return new SocketTimeoutException("Read timed out");
  }

  /** As {@link KeycloakChanges#apply} reports a request without an answer. */
  private static KeycloakException unreachable(Throwable cause) {
    ProcessingException e =
        cause instanceof ProcessingException p ? p : new ProcessingException(cause);
    return new KeycloakException("Keycloak unreachable applying " + action(), 0, e);
  }

  /** As {@link KeycloakChanges#apply} reports an answer with an error status. */
  private static KeycloakException refused(WebApplicationException e) {
    return new KeycloakException("Keycloak refused " + action(), e.getResponse().getStatus(), e);
  }

  private static KeycloakException refused(int status) {
    return refused(new WebApplicationException(Response.status(status).build()));
  }

  /**
   * Callers outside hr-sync catch the neutral {@link TargetException}: it names the identity
   * provider and answers {@code retryable()} and {@code serverFailure()} as Keycloak's own does.
   */
  @Test
  void keycloakExceptionWhenSeenAsTargetExceptionThenSameAnswers() {
    TargetException down =
        new KeycloakException("Keycloak at https://kc is unavailable", 503, null);
    TargetException refused = new KeycloakException("Keycloak refused the password", 400, null);

    assertThat(down.target()).isEqualTo(Target.IDENTITY_PROVIDER);
    assertThat(down.retryable()).isTrue();
    assertThat(down.serverFailure()).isTrue();
    assertThat(refused.retryable()).isFalse();
    assertThat(refused.serverFailure()).isFalse();
  }

  private static String action() {
    return PlannedAction.class.getSimpleName();
  }
}
