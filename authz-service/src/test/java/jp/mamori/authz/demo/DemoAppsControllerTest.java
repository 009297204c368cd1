package jp.mamori.authz.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jp.mamori.authz.shared.Bilingual;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.ui.ExtendedModelMap;

/**
 * The sample systems' own checks, beside Keycloak's: a login below the level the system demands
 * (the My Number-tier sample: {@code acr=mfa}) is refused and forgotten; a callback with Keycloak's
 * error, or with a state that is not this browser's login, is refused in Japanese and English; a
 * login starts at Keycloak with PKCE S256, a state and a nonce.
 */
class DemoAppsControllerTest {

  private final DemoSite site =
      new DemoSite(
          "http://localhost:8080",
          List.of(
              new DemoApp(
                  "juki",
                  "juki",
                  new Bilingual("住民記録システム (サンプル)", "Resident records (sample)"),
                  new Bilingual("マイナンバー利用事務系", "My Number tier"),
                  "mfa",
                  "0123456789abcdef0123")),
          new DemoLogin("http://localhost:8081/realms/mamori"));
  private final DemoAppsController controller = new DemoAppsController(site);

  @Test
  void appWhenTheLoginIsBelowTheSystemsLevelThenRefusedAndForgotten() {
    MockHttpSession session = new MockHttpSession();
    session.setAttribute(
        "mamori.demo.juki.user",
        new DemoLogin.SignedIn("10042", "藤原 康介", "pwd", Instant.now(), List.of(), "t"));
    ExtendedModelMap model = new ExtendedModelMap();

    String view = controller.app("juki", session, model);

    assertThat(view).isEqualTo("demo-refused");
    assertThat(model.get("why")).isEqualTo(DemoAppsController.LEVEL_TOO_LOW);
    assertThat(session.getAttribute("mamori.demo.juki.user")).isNull();
    assertThat(controller.app("juki", session, new ExtendedModelMap()))
        .isEqualTo("redirect:/demo/juki/login");
  }

  @Test
  void appWhenTheLoginHasTheLevelThenThePageWithThePerson() {
    MockHttpSession session = new MockHttpSession();
    session.setAttribute(
        "mamori.demo.juki.user",
        new DemoLogin.SignedIn("10001", "山田 太郎", "mfa", Instant.now(), List.of(), "t"));
    ExtendedModelMap model = new ExtendedModelMap();

    assertThat(controller.app("juki", session, model)).isEqualTo("demo-app");
    assertThat(((DemoLogin.SignedIn) model.get("user")).username()).isEqualTo("10001");
  }

  @Test
  void loginWhenStartedThenKeycloakWithPkceStateAndNonce() {
    MockHttpSession session = new MockHttpSession();

    String view = controller.login("juki", session);

    DemoLogin.Pending pending =
        (DemoLogin.Pending) session.getAttribute("mamori.demo.juki.pending");
    assertThat(view)
        .startsWith("redirect:http://localhost:8081/realms/mamori/protocol/openid-connect/auth?")
        .contains(
            "client_id=juki",
            "code_challenge_method=S256",
            "state=" + pending.state(),
            "nonce=" + pending.nonce(),
            "redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fdemo%2Fjuki%2Fcallback")
        .doesNotContain(pending.verifier());
  }

  @Test
  void callbackWhenKeycloakSentAnErrorThenRefusedWithIt() {
    MockHttpSession session = new MockHttpSession();
    controller.login("juki", session);
    String state = ((DemoLogin.Pending) session.getAttribute("mamori.demo.juki.pending")).state();
    ExtendedModelMap model = new ExtendedModelMap();

    String view =
        controller.callback("juki", null, state, "access_denied", "denied", session, model);

    assertThat(view).isEqualTo("demo-refused");
    assertThat(model.get("why")).isEqualTo(DemoAppsController.KEYCLOAK_REFUSED);
    assertThat(model.get("detail")).isEqualTo("access_denied: denied");
  }

  @Test
  void callbackWhenTheStateIsNotThisBrowsersLoginThenRefusedWithoutAskingKeycloak() {
    MockHttpSession session = new MockHttpSession();
    controller.login("juki", session);
    ExtendedModelMap model = new ExtendedModelMap();

    String view = controller.callback("juki", "code", "forged", null, null, session, model);

    assertThat(view).isEqualTo("demo-refused");
    assertThat(model.get("why")).isEqualTo(DemoAppsController.LOGIN_FAILED);
    assertThat(session.getAttribute("mamori.demo.juki.pending"))
        .as("a state is used once")
        .isNull();
  }
}
