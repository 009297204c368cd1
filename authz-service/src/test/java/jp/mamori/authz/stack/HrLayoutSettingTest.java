package jp.mamori.authz.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.mamori.authz.MamoriApplication;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.hrsync.hr.HrField;
import jp.mamori.hrsync.hr.HrLayout;
import jp.mamori.hrsync.hr.HrLayoutException;
import jp.mamori.hrsync.hr.HrLayoutLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * {@code mamori.hr.layout}: the profile the HR reader reads with; an invalid one stops the start
 * before anything is launched, naming the file, the key and what is expected.
 */
class HrLayoutSettingTest {

  @TempDir Path dir;

  private static MamoriSettings settings(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bind("mamori", MamoriSettings.class)
        .get();
  }

  @Test
  void hrLayoutWhenSettingEmptyOrMissingThenTheShippedDefault() {
    MamoriConfiguration configuration = new MamoriConfiguration();

    assertThat(configuration.hrLayout(settings(Map.of("mamori.mode", "embedded"))))
        .isSameAs(HrLayout.defaults());
    assertThat(configuration.hrLayout(settings(Map.of("mamori.hr.layout", ""))))
        .isSameAs(HrLayout.defaults());
  }

  @Test
  void hrCsvReaderWhenSettingNamesAProfileThenReadsWithItAndTheEncoding() throws Exception {
    Path profile = dir.resolve("layout.yml");
    Files.writeString(profile, "columns:\n  personId: 個人ID\n");
    MamoriSettings settings =
        settings(Map.of("mamori.hr.layout", profile.toString(), "mamori.hr.encoding", "CP932"));
    MamoriConfiguration configuration = new MamoriConfiguration();

    var reader = configuration.hrCsvReader(settings, configuration.hrLayout(settings));

    assertThat(reader.layout().header(HrField.PERSON_ID)).contains("個人ID");
    assertThat(reader.layout().source()).isEqualTo(profile.toString());
    assertThat(reader.encoding()).hasToString("CP932");
    assertThat(configuration.hrLayout(settings(Map.of("mamori.hr.layout", "example-words"))))
        .satisfies(l -> assertThat(l.header(HrField.EMPLOYEE_NUMBER)).contains("職員コード"));
  }

  @Test
  void startWhenLayoutProfileIsInvalidThenRefusesBeforeStartingAnythingAndNamesTheKey()
      throws Exception {
    Path profile = dir.resolve("layout.yml");
    Files.writeString(profile, "employmentTypes:\n  正規: REGULER\ndates: [YYYY/MM/DD]\n");
    SpringApplication app = new SpringApplication(MamoriApplication.class);

    assertThatThrownBy(() ->
            app.run(
                "--mamori.hr.layout=" + profile,
                "--server.port=0",
                "--spring.main.banner-mode=off"))
        .hasRootCauseInstanceOf(HrLayoutException.class)
        .rootCause()
        .hasMessageContaining(profile.toString())
        .hasMessageContaining("layout.yml:2:7 employmentTypes.正規: 値 \"REGULER\"")
        .hasMessageContaining("dates[0]");
  }

  @Test
  void analyzeWhenInvalidLayoutThenDescriptionListsProblemsInJapaneseAndEnglish() {
    HrLayoutException cause =
        assertThatExceptionOfType(HrLayoutException.class)
            .isThrownBy(() -> HrLayoutLoader.parse("colums: {}\n", "x.yml"))
            .actual();

    FailureAnalysis analysis = new InvalidHrLayoutFailureAnalyzer().analyze(cause, cause);

    assertThat(analysis.getDescription())
        .contains("レイアウト定義が不正")
        .contains("x.yml:1:1 colums: 値 \"colums\"");
    assertThat(analysis.getAction()).contains("mamori.hr.layout").contains("check-hr");
  }
}
