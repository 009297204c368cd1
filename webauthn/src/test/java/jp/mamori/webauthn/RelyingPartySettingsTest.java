package jp.mamori.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelyingPartySettingsTest {

  @Test
  void createWhenLocalhostWithHttpOriginThenAccepted() {
    RelyingPartySettings settings =
        new RelyingPartySettings(
            "localhost", "Mamori", Set.of(URI.create("http://localhost:8080")));

    assertThat(settings.identity().getId()).isEqualTo("localhost");
  }

  @Test
  void createWhenSubdomainOriginThenAccepted() {
    RelyingPartySettings settings =
        new RelyingPartySettings(
            "Example.LG.jp", "荒川区 Mamori", Set.of(URI.create("https://mamori.example.lg.jp")));

    assertThat(settings.id()).isEqualTo("example.lg.jp");
  }

  @Test
  void createWhenRpIdIsAnIpAddressThenRefusedNamingTheKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new RelyingPartySettings(
                "127.0.0.1", "Mamori", Set.of(URI.create("http://127.0.0.1:8080"))))
        .withMessageContaining("mamori.step-up.rp-id")
        .withMessageContaining("127.0.0.1");
  }

  @Test
  void createWhenOriginIsPlainHttpOnAnotherHostThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new RelyingPartySettings(
                "example.lg.jp", "Mamori", Set.of(URI.create("http://mamori.example.lg.jp"))))
        .withMessageContaining("expected https");
  }

  @Test
  void createWhenOriginHostIsOutsideTheRpIdThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new RelyingPartySettings(
                "example.lg.jp", "Mamori", Set.of(URI.create("https://evil-example.lg.jp"))))
        .withMessageContaining("subdomain");
  }
}
