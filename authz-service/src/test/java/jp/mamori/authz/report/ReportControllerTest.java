package jp.mamori.authz.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportControllerTest {

  @Test
  void knownWhenTheReportIsNotInTheCatalogueThen400NamingTheCatalogue() {
    assertThat(ReportController.known("orphans")).isEqualTo("orphans");
    assertThatExceptionOfType(ReportController.Invalid.class)
        .isThrownBy(() -> ReportController.known("nope"))
        .satisfies(e -> {
          var problem = e.problem();
          assertThat(problem.getStatus()).isEqualTo(400);
          assertThat(problem.getTitle()).isEqualTo("報告書: 指定が正しくありません / report: invalid request");
          assertThat(problem.getProperties()).containsEntry("code", "REPORT_INVALID");
          assertThat(problem.getDetail()).contains("expected one of", "orphans", "found nope");
        });
  }

  @Test
  void charsetWhenNotOfferedThen400NamingWhatIs() {
    assertThat(ReportController.charset("utf-8")).isEqualTo(StandardCharsets.UTF_8);
    assertThatExceptionOfType(ReportController.Invalid.class)
        .isThrownBy(() -> ReportController.charset("EBCDIC"))
        .withMessage("encoding: expected UTF-8 or CP932 (Excel); found EBCDIC");
  }
}
