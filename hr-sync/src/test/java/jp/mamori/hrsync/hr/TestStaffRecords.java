package jp.mamori.hrsync.hr;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Fixture: a {@link StaffRecord} builder already filled with valid, fictional values (GV-8), so a
 * test states only what it is about.
 */
public final class TestStaffRecords {

  private TestStaffRecords() {}

  /** 山田 太郎, 10001, 市民課 主任, regular and active since 2024-04-01. */
  public static Builder staff() {
    return new Builder();
  }

  /** A mutable builder; {@link #build()} applies {@link StaffRecord}'s validation. */
  public static final class Builder {
    private String employeeNumber = "10001";
    private String fullName = "山田 太郎";
    private String fullNameKana = "ヤマダ タロウ";
    private String sectionCode = "K01";
    private String sectionName = "市民課";
    private String title = "主任";
    private EmploymentType employmentType = EmploymentType.REGULAR;
    private EmploymentStatus status = EmploymentStatus.ACTIVE;
    private LocalDate effectiveDate = LocalDate.of(2024, 4, 1);
    private Optional<LocalDate> contractEnd = Optional.empty();

    private Builder() {}

    public Builder employeeNumber(String value) {
      this.employeeNumber = value;
      return this;
    }

    public Builder fullName(String value) {
      this.fullName = value;
      return this;
    }

    public Builder fullNameKana(String value) {
      this.fullNameKana = value;
      return this;
    }

    public Builder sectionCode(String value) {
      this.sectionCode = value;
      return this;
    }

    public Builder sectionName(String value) {
      this.sectionName = value;
      return this;
    }

    public Builder title(String value) {
      this.title = value;
      return this;
    }

    public Builder employmentType(EmploymentType value) {
      this.employmentType = value;
      return this;
    }

    public Builder status(EmploymentStatus value) {
      this.status = value;
      return this;
    }

    public Builder effectiveDate(LocalDate value) {
      this.effectiveDate = value;
      return this;
    }

    public Builder contractEnd(LocalDate value) {
      this.contractEnd = Optional.ofNullable(value);
      return this;
    }

    public StaffRecord build() {
      return new StaffRecord(
          employeeNumber,
          fullName,
          fullNameKana,
          sectionCode,
          sectionName,
          title,
          employmentType,
          status,
          effectiveDate,
          contractEnd);
    }
  }
}
