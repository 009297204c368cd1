package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.ProfileField;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory target against a real OpenLDAP 2.5 ({@code slapd} with the ppolicy and lastbind
 * overlays), bound as Mamori's service account with the documented ACLs: a stop is enforced by the
 * server, the state is read back from the server, a hand-made re-enable is drift, and the
 * attributes follow HR.
 */
class OpenLdapDirectoryIT {

  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);

  private final TestSlapd slapd = TestSlapd.instance();
  private LdapDirectory directory;
  private DirectoryTarget target;
  private String number;

  @BeforeEach
  void connect() {
    directory = LdapDirectory.connect(slapd.settings());
    target = new DirectoryTarget(directory);
    number = Integer.toString(700000 + (int) (System.nanoTime() % 99999 + 99999) % 99999);
  }

  @AfterEach
  void close() {
    directory.close();
  }

  @Test
  void stopWhenSuspendedThenServerRefusesBindAndRestoreLetsItIn() throws Exception {
    String dn = create(staff(number, "市民課", "主事"));
    assertThat(account(dn).lastLogin()).as("never bound: no last logon").isEmpty();
    setPasswordByHand(dn, "Hand-Set-Pass-1"); // as an administrator might, outside Mamori
    java.time.Instant before = java.time.Instant.now().minusSeconds(2);
    assertThat(slapd.bind(dn, "Hand-Set-Pass-1")).matches(BindResult::usable);
    // the lastbind overlay's authTimestamp: the last logon that dormancy is judged from
    assertThat(account(dn).lastLogin()).hasValueSatisfying(t -> assertThat(t).isAfter(before));

    target.apply(suspend(dn), DAY);

    BindResult refused = slapd.bind(dn, "Hand-Set-Pass-1");
    assertThat(refused.succeeded()).as("bind of a suspended account: %s", refused).isFalse();
    assertThat(refused.locked()).as("ppolicy says locked: %s", refused).isTrue();
    TargetAccount read = account(dn);
    assertThat(read.state()).isEqualTo(AccountState.SUSPENDED);
    assertThat(read.stopReason()).contains(StopReason.LEAVE);

    target.apply(
        new PlannedAction.Restore(
            Target.DIRECTORY, number, dn, Situation.LINKED, Reason.of("復職", "return")),
        DAY.plusDays(30));

    assertThat(slapd.bind(dn, "Hand-Set-Pass-1")).matches(BindResult::usable);
    assertThat(account(dn).state()).isEqualTo(AccountState.ENABLED);
  }

  @Test
  void planWhenStoppedAccountReEnabledByHandThenDriftIsStoppedAgain() throws Exception {
    StaffRecord onLeave =
        TestStaffRecords.staff()
            .employeeNumber(number)
            .fullName("休職 花子")
            .sectionCode("K01")
            .sectionName("市民課")
            .title("主事")
            .status(EmploymentStatus.LEAVE)
            .effectiveDate(DAY)
            .build();
    String dn = create(staff(number, "市民課", "主事"));
    setPasswordByHand(dn, "Hand-Set-Pass-1");
    target.apply(suspend(dn), DAY);
    try (LDAPConnection root = slapd.root()) {
      // someone unlocks the account by hand
      root.modify(dn, new Modification(ModificationType.DELETE, "pwdAccountLockedTime"));
    }
    assertThat(slapd.bind(dn, "Hand-Set-Pass-1")).matches(BindResult::usable);

    TargetAccount read = account(dn);
    assertThat(read.state())
        .as("read from the server, not from Mamori's marker")
        .isEqualTo(AccountState.ENABLED);
    assertThat(read.stopUndone()).contains(StopReason.LEAVE);
    Plan plan = plan(List.of(onLeave), read);
    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> assertThat(s.reason().ja()).contains("ドリフト").contains("Mamori 以外で再開"));

    target.applyAll(plan.changes(), DAY.plusDays(1));

    assertThat(slapd.bind(dn, "Hand-Set-Pass-1").locked()).isTrue();
    assertThat(plan(List.of(onLeave), account(dn)).changes()).isEmpty();
  }

  @Test
  void planWhenTransferredAndRenamedThenEntryFollowsHr() throws Exception {
    String dn = create(staff(number, "市民課", "主事"));
    StaffRecord moved =
        TestStaffRecords.staff()
            .employeeNumber(number)
            .fullName("改姓")
            .sectionCode("Z09")
            .sectionName("税務課")
            .title("主任")
            .effectiveDate(DAY)
            .build();

    Plan plan = plan(List.of(moved), account(dn));
    assertThat(plan.changes())
        .anySatisfy(a ->
            assertThat(a)
                .isInstanceOfSatisfying(
                    PlannedAction.UpdateProfile.class,
                    u ->
                        assertThat(u.values())
                            .isEqualTo(
                                Map.of(
                                    ProfileField.SECTION_NAME, "税務課", ProfileField.TITLE, "主任"))));
    target.applyAll(plan.changes(), DAY);

    try (LDAPConnection root = slapd.root()) {
      var entry = root.getEntry(dn, "*");
      assertThat(entry.getAttributeValues("departmentNumber")).containsExactly("Z09");
      assertThat(entry.getAttributeValue("ou")).isEqualTo("税務課");
      assertThat(entry.getAttributeValue("title")).isEqualTo("主任");
      assertThat(entry.getAttributeValue("sn")).isEqualTo("改姓");
      assertThat(entry.getAttributeValue("cn")).isEqualTo("改姓");
      assertThat(entry.hasAttribute("givenName")).as("no stale given name").isFalse();
    }
    assertThat(plan(List.of(moved), account(dn)).changes()).isEmpty();
  }

  private String create(StaffRecord staff) {
    PlannedAction.Create create =
        new PlannedAction.Create(
            Target.DIRECTORY,
            staff,
            java.util.Set.of(staff.sectionCode()),
            Situation.UNMATCHED,
            Reason.of("採用", "joiner"));
    target.apply(create, DAY);
    return directory.findByEmployeeNumber(staff.employeeNumber()).orElseThrow().dn();
  }

  private void setPasswordByHand(String dn, String password) throws Exception {
    try (LDAPConnection root = slapd.root()) {
      root.modify(dn, new Modification(ModificationType.REPLACE, "userPassword", password));
      // ppolicy marks a password set by an administrator for change at the next bind; this one
      // stands for a password the person already uses
      root.modify(dn, new Modification(ModificationType.DELETE, "pwdReset"));
    }
  }

  private PlannedAction.Suspend suspend(String dn) {
    return new PlannedAction.Suspend(
        Target.DIRECTORY, number, dn, StopReason.LEAVE, Situation.LINKED, Reason.of("休職", "leave"));
  }

  private TargetAccount account(String dn) {
    return target.read().stream().filter(a -> a.id().equals(dn)).findFirst().orElseThrow();
  }

  private Plan plan(List<StaffRecord> hr, TargetAccount account) {
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
    Planner planner =
        new Planner(
            new LifecycleRules(
                shipped.deleteAfterDisable(),
                java.time.Duration.ofDays(3650),
                shipped.contractorGrace(),
                shipped.orphanGrace(),
                100,
                1000));
    HrFile file =
        new HrFile(
            java.nio.file.Path.of("hr.csv"),
            java.nio.charset.StandardCharsets.UTF_8,
            hr,
            List.of(),
            hr.size());
    return planner.plan(
        file, List.of(account), java.util.Set.of(Target.DIRECTORY), DAY.plusDays(1), Map.of());
  }

  private static StaffRecord staff(String number, String sectionName, String title) {
    return TestStaffRecords.staff()
        .employeeNumber(number)
        .fullName("実機 太郎")
        .sectionCode("K01")
        .sectionName(sectionName)
        .title(title)
        .effectiveDate(DAY.minusYears(1))
        .build();
  }
}
