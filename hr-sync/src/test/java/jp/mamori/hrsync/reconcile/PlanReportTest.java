package jp.mamori.hrsync.reconcile;

import static jp.mamori.hrsync.reconcile.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

class PlanReportTest {

  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);

  private final Plan plan =
      new Planner(PolicyLoader.loadDefault().lifecycle())
          .plan(
              file(
                  TestStaffRecords.staff().employeeNumber("10001").sectionCode("Z01").build(),
                  TestStaffRecords.staff()
                      .employeeNumber("10002")
                      .status(EmploymentStatus.RETIRED)
                      .effectiveDate(LocalDate.of(2027, 3, 31))
                      .build(),
                  TestStaffRecords.staff().employeeNumber("10003").fullName("引用 \"符\"").build()),
              List.of(account("10001").sections("K01").build(), account("10002").build()),
              EnumSet.of(Target.IDENTITY_PROVIDER),
              APRIL_1,
              Map.of());

  @Test
  void textWhenJapaneseThenEveryActionWithReasonAndRequirementIds() {
    String text = PlanReport.text(plan, Locale.JAPANESE);

    assertThat(text)
        .contains("同期計画 2027-04-01")
        .contains("[異動]")
        .contains("[無効化]")
        .contains("[登録]")
        .contains("[LC-5, ZN-1, GV-2]")
        .contains("指紋")
        .contains(plan.fingerprint());
  }

  @Test
  void reportWhenPlanHasWarningsThenTextAndJsonCarryThemAndTheFingerprintDoesNot()
      throws Exception {
    Plan warned =
        plan.withWarnings(
            List.of(
                Reason.of(
                    "人事ファイルは 3 日間更新されていません", "the HR export has not changed for 3 days", "LC-1")));

    assertThat(PlanReport.text(warned, Locale.JAPANESE))
        .contains("注意: 人事ファイルは 3 日間更新されていません [LC-1]");
    assertThat(PlanReport.text(warned, Locale.ENGLISH))
        .contains("Warning: the HR export has not changed for 3 days [LC-1]");
    JsonNode json = new ObjectMapper().readTree(PlanReport.json(warned));
    assertThat(json.path("warnings").get(0).path("en").asText())
        .isEqualTo("the HR export has not changed for 3 days");
    assertThat(warned.fingerprint()).isEqualTo(plan.fingerprint());
    assertThat(new ObjectMapper().readTree(PlanReport.json(plan)).path("warnings").size()).isZero();
  }

  @Test
  void textWhenEnglishThenEnglish() {
    assertThat(PlanReport.text(plan, Locale.ENGLISH))
        .contains("Sync plan for 2027-04-01")
        .contains("[move]")
        .contains("transfer (effective");
  }

  @Test
  void jsonWhenParsedThenCarriesActionsCountsAndFingerprint() throws Exception {
    JsonNode json = new ObjectMapper().readTree(PlanReport.json(plan));

    assertThat(json.path("today").asText()).isEqualTo("2027-04-01");
    // one leaver among two accounts is 50 %, above the shipped 5 % threshold
    assertThat(json.path("held").asBoolean()).isTrue();
    assertThat(json.path("heldReasons").get(0).path("en").asText()).contains("threshold");
    assertThat(json.path("actions")).hasSize(3);
    assertThat(json.path("actions").get(0).path("reason").path("requirements").toString())
        .contains("LC-");
    assertThat(json.path("fingerprint").asText()).isEqualTo(plan.fingerprint());
    assertThat(json.path("counts").path("Create").asInt()).isEqualTo(1);
  }

  @Test
  void quoteWhenControlAndQuoteCharactersThenValidJsonString() throws Exception {
    String quoted = PlanReport.quote("a\"b\\c\nd\u0001e");

    assertThat(new ObjectMapper().readTree(quoted).asText()).isEqualTo("a\"b\\c\nd\u0001e");
  }

  private static HrFile file(StaffRecord... records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, List.of(records), List.of(), records.length);
  }
}
