package jp.mamori.testing;

import java.time.LocalDate;
import java.util.Set;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;

/** Staff accounts on a real directory, made and stopped the way the reconciliation does it. */
public final class TestAccounts {

  private TestAccounts() {}

  /** A staff member of 市民課 (K01) since a year before {@code day}. */
  public static StaffRecord staff(String number, String fullName, LocalDate day) {
    return TestStaffRecords.staff()
        .employeeNumber(number)
        .fullName(fullName)
        .sectionCode("K01")
        .sectionName("市民課")
        .title("主事")
        .effectiveDate(day.minusYears(1))
        .build();
  }

  /** Creates the joiner's account by the directory target and returns its DN. */
  public static String create(LdapDirectory directory, StaffRecord staff, LocalDate day) {
    new DirectoryTarget(directory)
        .apply(
            new PlannedAction.Create(
                Target.DIRECTORY,
                staff,
                Set.of(staff.sectionCode()),
                Situation.UNMATCHED,
                Reason.of("採用", "joiner")),
            day);
    return directory.findByEmployeeNumber(staff.employeeNumber()).orElseThrow().dn();
  }

  /** Suspends the account for leave by the directory target. */
  public static void suspend(LdapDirectory directory, String number, String dn, LocalDate day) {
    new DirectoryTarget(directory)
        .apply(
            new PlannedAction.Suspend(
                Target.DIRECTORY,
                number,
                dn,
                StopReason.LEAVE,
                Situation.LINKED,
                Reason.of("休職", "leave")),
            day);
  }
}
