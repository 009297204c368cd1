package jp.mamori.hrsync.hr;

import static jp.mamori.hrsync.hr.TestStaffRecords.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaffRecordTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "山田 太郎|山田|太郎",
        "山田\u3000太郎|山田|太郎",
        "長谷川 大樹 二世|長谷川|大樹 二世",
        "山田太郎|山田太郎|''",
      })
  void familyAndGivenNameWhenSplitOnFirstSpaceThenHalfAndFullWidthSpacesWork(
      String fullName, String family, String given) {
    StaffRecord record = staff().fullName(fullName).build();

    assertThat(record.familyName()).isEqualTo(family);
    assertThat(record.givenName()).isEqualTo(given);
  }

  @Test
  void toStringWhenPrintedThenShowsOnlyEmployeeNumberAndSection() {
    String text = staff().build().toString();

    assertThat(text).contains("10001").contains("K01");
    assertThat(text).doesNotContain("山田").doesNotContain("ヤマダ").doesNotContain("主任");
  }

  @Test
  void constructorWhenFixedTermWithoutContractEndThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> staff().employmentType(EmploymentType.DISPATCHED).build())
        .withMessageContaining("contractEnd");
  }

  @Test
  void constructorWhenContractEndBeforeEffectiveDateThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> staff().contractEnd(LocalDate.of(2024, 3, 31)).build())
        .withMessageContaining("contractEnd");
  }

  @Test
  void constructorWhenKanaIsHiraganaThenRefusedWithoutEchoingTheName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> staff().fullNameKana("やまだ たろう").build())
        .withMessageContaining("fullNameKana")
        .withMessageNotContaining("やまだ");
  }

  @ParameterizedTest
  @CsvSource({"1234", "12345678901", "1234５", "12a45"})
  void constructorWhenEmployeeNumberMalformedThenRefused(String number) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> staff().employeeNumber(number).build())
        .withMessageContaining("employeeNumber");
  }

  @Test
  void constructorWhenFieldHasControlCharacterThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> staff().title("主任\u202E").build())
        .withMessageContaining("title");
  }

  @Test
  void enumsWhenLookedUpByCodeThenKnownCodesOnly() {
    assertThat(EmploymentType.fromCode("02")).contains(EmploymentType.FISCAL_YEAR_APPOINTED);
    assertThat(EmploymentType.fromCode("06")).isEmpty();
    assertThat(EmploymentType.fromCode("2")).isEmpty();
    assertThat(EmploymentType.FISCAL_YEAR_APPOINTED.label()).isEqualTo("会計年度任用職員");
    assertThat(EmploymentStatus.fromCode("04")).contains(EmploymentStatus.RETIRED);
    assertThat(EmploymentStatus.fromCode(null)).isEmpty();
    assertThat(EmploymentStatus.SECONDED.label()).isEqualTo("出向");
  }
}
