package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectorySettingsTest {

  private static final String PASSWORD = "s3cret-bind-password";

  private static DirectorySettings settings(String host, int port, boolean tls, String password) {
    return new DirectorySettings(
        host,
        port,
        tls,
        "cn=mamori-sync,dc=mamori,dc=example",
        password,
        "ou=people,dc=mamori,dc=example",
        DirectorySchema.OPENLDAP);
  }

  @Test
  void toStringWhenPrintedThenHidesBindPassword() {
    String text = settings("ldap.example.jp", 636, true, PASSWORD).toString();

    assertThat(text).doesNotContain(PASSWORD).contains("bindPassword=(hidden)");
    assertThat(text).contains("ldap.example.jp").contains("cn=mamori-sync,dc=mamori,dc=example");
  }

  @Test
  void constructorWhenPlainLdapToRemoteHostThenRefusedNamingUseTls() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("ldap.example.jp", 389, false, PASSWORD))
        .withMessageContaining("useTls")
        .withMessageNotContaining(PASSWORD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "127.1.2.3"})
  void constructorWhenPlainLdapToLoopbackThenAccepted(String host) {
    assertThat(settings(host, 389, false, PASSWORD).useTls()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1.example.jp", "128.0.0.1", "127.0.0.256", "10.0.0.1"})
  void constructorWhenPlainLdapToLookalikeHostThenRefused(String host) {
    assertThatIllegalArgumentException().isThrownBy(() -> settings(host, 389, false, PASSWORD));
  }

  @Test
  void withPageSizeWhenZeroThenRefusedNamingTheSetting() {
    DirectorySettings settings = settings("127.0.0.1", 389, false, PASSWORD);

    assertThat(settings.pageSize()).isEqualTo(DirectorySettings.DEFAULT_PAGE_SIZE);
    assertThat(settings.withPageSize(1000).pageSize()).isEqualTo(1000);
    assertThat(settings.withPageSize(1000).toString()).contains("pageSize=1000");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings.withPageSize(0))
        .withMessageContaining("pageSize must be at least 1")
        .withMessageContaining("got 0");
  }

  @Test
  void constructorWhenPasswordEmptyThenRefusedAsUnauthenticatedBind() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("127.0.0.1", 389, false, ""))
        .withMessageContaining("bindPassword");
  }

  @Test
  void constructorWhenPeopleDnIsNotADnThenRefusedNamingTheSetting() {
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new DirectorySettings(
                "127.0.0.1",
                389,
                false,
                "cn=mamori-sync,dc=mamori,dc=example",
                PASSWORD,
                "people",
                DirectorySchema.OPENLDAP))
        .withMessageContaining("peopleDn");
  }

  @Test
  void constructorWhenPortOutOfRangeThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings("127.0.0.1", 0, false, PASSWORD))
        .withMessageContaining("port");
  }

  @Test
  void ldapsWhenTheModeSaysSoThenOnAnyPort() {
    assertThat(withTls(50001, DirectoryTls.Mode.LDAPS).ldaps()).isTrue();
    assertThat(withTls(50001, DirectoryTls.Mode.LDAPS).endpoint())
        .isEqualTo("ldaps://ldap.example.jp:50001");
    assertThat(withTls(636, DirectoryTls.Mode.STARTTLS).ldaps()).isFalse();
    assertThat(withTls(3269, DirectoryTls.Mode.AUTO).ldaps()).isTrue();
  }

  @Test
  void constructorWhenTlsConfiguredButUseTlsFalseThenRefusedRatherThanIgnored() {
    DirectoryTls tls =
        new DirectoryTls(DirectoryTls.Mode.AUTO, Optional.of("/etc/mamori/ldap-ca.p12"), "pw-77");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> withTls("127.0.0.1", 389, false, tls))
        .withMessageContaining("useTls=false")
        .withMessageContaining("/etc/mamori/ldap-ca.p12")
        .withMessageNotContaining("pw-77");
  }

  @Test
  void toStringWhenATrustStoreIsSetThenNamesItAndHidesItsPassword() {
    DirectorySettings settings =
        withTls(
            "ldap.example.jp",
            636,
            true,
            new DirectoryTls(
                DirectoryTls.Mode.AUTO, Optional.of("/etc/mamori/ldap-ca.p12"), "pw-77"));

    assertThat(settings.toString())
        .contains("trustStore=/etc/mamori/ldap-ca.p12")
        .doesNotContain("pw-77")
        .doesNotContain(PASSWORD);
  }

  private static DirectorySettings withTls(int port, DirectoryTls.Mode mode) {
    return withTls("ldap.example.jp", port, true, new DirectoryTls(mode, Optional.empty(), null));
  }

  private static DirectorySettings withTls(
      String host, int port, boolean useTls, DirectoryTls tls) {
    return new DirectorySettings(
        host,
        port,
        useTls,
        "cn=mamori-sync,dc=mamori,dc=example",
        PASSWORD,
        "ou=people,dc=mamori,dc=example",
        DirectorySchema.OPENLDAP,
        tls);
  }

  @Test
  void ldapsWhenTlsOnPort636ThenLdapsElseStartTls() {
    assertThat(settings("ldap.example.jp", 636, true, PASSWORD).ldaps()).isTrue();
    assertThat(settings("ldap.example.jp", 389, true, PASSWORD).ldaps()).isFalse();
    assertThat(settings("ldap.example.jp", 389, true, PASSWORD).endpoint())
        .isEqualTo("ldap://ldap.example.jp:389 (StartTLS)");
  }

  @Test
  void timeoutsWhenNotGivenThenFiveAndFifteenSecondsAndNotShown() {
    DirectorySettings settings = settings("127.0.0.1", 389, false, PASSWORD);

    assertThat(settings.timeouts()).isEqualTo(DirectoryTimeouts.DEFAULT);
    assertThat(settings.timeouts().connect()).hasSeconds(5);
    assertThat(settings.timeouts().response()).hasSeconds(15);
    assertThat(settings.toString()).doesNotContain("timeouts");
  }

  @Test
  void timeoutsWhenOutOfRangeThenRefusedNamingTheSettingAndTheRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new DirectoryTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ZERO))
        .withMessageContaining("responseTimeout")
        .withMessageContaining("PT1S")
        .withMessageContaining("PT10M");
    assertThatIllegalArgumentException()
        .isThrownBy(() ->
            new DirectoryTimeouts(
                java.time.Duration.ofMinutes(2), java.time.Duration.ofSeconds(15)))
        .withMessageContaining("connectTimeout");
  }

  @Test
  void withTimeoutsWhenChangedThenShownAndTheRestKept() {
    DirectoryTimeouts short_ =
        new DirectoryTimeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(3));
    DirectorySettings settings = settings("127.0.0.1", 389, false, PASSWORD).withTimeouts(short_);

    assertThat(settings.timeouts()).isEqualTo(short_);
    assertThat(settings.peopleDn()).isEqualTo("ou=people,dc=mamori,dc=example");
    assertThat(settings.toString()).contains("timeouts=").doesNotContain(PASSWORD);
  }
}
