package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.mamori.authz.credential.CredentialSettings;
import jp.mamori.authz.governance.GovernanceSettings;
import jp.mamori.authz.lifecycle.LifecycleSettings;
import jp.mamori.authz.privileged.PrivilegedSettings;
import jp.mamori.authz.realm.DriftSettings;
import jp.mamori.authz.report.ReportSettings;
import jp.mamori.authz.security.ApiSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The features' own settings records take the keys an administrator writes ({@code
 * mamori.lifecycle.*}, {@code mamori.api.*}, …) under their prefix, give their defaults when none
 * is written, and refuse values out of range naming the key.
 */
class FeatureSettingsBindingTest {

  private static <T> T bind(Class<T> type, Map<String, String> properties) {
    String prefix = type.getAnnotation(ConfigurationProperties.class).value();
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate(prefix, Bindable.of(type));
  }

  @Test
  void bindWhenKeysGivenThenEachFeatureGetsItsOwn() {
    Map<String, String> keys =
        Map.ofEntries(
            Map.entry("mamori.api.audience", "city-api"),
            Map.entry("mamori.api.clock-skew", "PT10S"),
            Map.entry("mamori.api.step-up-challenges-per-minute", "7"),
            Map.entry("mamori.api.decisions-per-minute", "99"),
            Map.entry("mamori.api.live-session-cache", "PT0S"),
            Map.entry("mamori.lifecycle.schedule-enabled", "true"),
            Map.entry("mamori.lifecycle.cron", "0 0 6 * * *"),
            Map.entry("mamori.lifecycle.complete-every", "P1D"),
            Map.entry("mamori.lifecycle.hr-export-max-unchanged", "P3D"),
            Map.entry("mamori.lifecycle.upload-dir", "/var/lib/mamori/uploads"),
            Map.entry("mamori.lifecycle.upload-max-size", "5MB"),
            Map.entry("mamori.drift.schedule-enabled", "false"),
            Map.entry("mamori.drift.cron", "0 0 * * * *"),
            Map.entry("mamori.credentials.sweep-enabled", "false"),
            Map.entry("mamori.credentials.sweep-cron", "0 0 * * * *"),
            Map.entry("mamori.privileged.jobs-enabled", "false"),
            Map.entry("mamori.privileged.check-every", "PT1M"),
            Map.entry("mamori.governance.jobs-enabled", "false"),
            Map.entry("mamori.reports.pdf-font", "/usr/share/fonts/ipag.ttf"));

    assertThat(bind(ApiSettings.class, keys))
        .isEqualTo(new ApiSettings("city-api", Duration.ofSeconds(10), 7, 99, Duration.ZERO));
    assertThat(bind(LifecycleSettings.class, keys))
        .isEqualTo(
            new LifecycleSettings(
                true,
                "0 0 6 * * *",
                Duration.ofDays(1),
                Duration.ofDays(3),
                Path.of("/var/lib/mamori/uploads"),
                DataSize.ofMegabytes(5)));
    assertThat(bind(DriftSettings.class, keys)).isEqualTo(new DriftSettings(false, "0 0 * * * *"));
    assertThat(bind(CredentialSettings.class, keys))
        .isEqualTo(new CredentialSettings(false, "0 0 * * * *"));
    assertThat(bind(PrivilegedSettings.class, keys))
        .isEqualTo(new PrivilegedSettings(false, Duration.ofMinutes(1)));
    assertThat(bind(GovernanceSettings.class, keys)).isEqualTo(new GovernanceSettings(false));
    assertThat(bind(ReportSettings.class, keys))
        .isEqualTo(new ReportSettings(Path.of("/usr/share/fonts/ipag.ttf")));
  }

  @Test
  void bindWhenNoKeysThenTheDefaults() {
    Map<String, String> none = Map.of();

    assertThat(bind(ApiSettings.class, none))
        .isEqualTo(
            new ApiSettings(
                "mamori-api", Duration.ofSeconds(30), 30, 1200, Duration.ofSeconds(10)));
    LifecycleSettings lifecycle = bind(LifecycleSettings.class, none);
    assertThat(lifecycle.scheduleEnabled()).isFalse();
    assertThat(lifecycle.cron()).isEqualTo("0 30 5 * * *");
    assertThat(lifecycle.completeEvery()).isEqualTo(Duration.ofDays(7));
    assertThat(lifecycle.hrExportMaxUnchanged()).isEqualTo(Duration.ofDays(2));
    assertThat(lifecycle.uploadDir())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "mamori-hr-uploads"));
    assertThat(lifecycle.uploadMaxSize()).isEqualTo(DataSize.ofMegabytes(20));
    assertThat(bind(DriftSettings.class, none))
        .isEqualTo(new DriftSettings(true, "0 */15 * * * *"));
    assertThat(bind(CredentialSettings.class, none))
        .isEqualTo(new CredentialSettings(true, "0 */10 * * * *"));
    assertThat(bind(PrivilegedSettings.class, none))
        .isEqualTo(new PrivilegedSettings(true, Duration.ofSeconds(15)));
    assertThat(bind(GovernanceSettings.class, none)).isEqualTo(new GovernanceSettings(true));
    assertThat(bind(ReportSettings.class, none)).isEqualTo(new ReportSettings(null));
  }

  @Test
  void bindWhenOutOfRangeThenRefusedNamingTheKey() {
    assertThatThrownBy(() -> bind(ApiSettings.class, Map.of("mamori.api.clock-skew", "PT2M")))
        .rootCause()
        .hasMessage("mamori.api.clock-skew: expected PT0S to PT1M, found PT2M");
    assertThatThrownBy(
            () -> bind(ApiSettings.class, Map.of("mamori.api.live-session-cache", "PT16S")))
        .rootCause()
        .hasMessage("mamori.api.live-session-cache: expected PT0S to PT15S, found PT16S");
    assertThatThrownBy(() ->
            bind(LifecycleSettings.class, Map.of("mamori.lifecycle.upload-max-size", "300MB")))
        .rootCause()
        .hasMessageStartingWith("mamori.lifecycle.upload-max-size: expected 1KB to 200MB, found ");
  }
}
