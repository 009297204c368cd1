package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.IncrementalSource;
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
import jp.mamori.testing.TestSambaDc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory target against a real Active Directory domain controller (Samba 4 AD DC) over LDAPS
 * with a trusted test CA: accounts are usable Windows accounts whose state the DC enforces, read
 * back from the DC; a hand-made re-enable is drift; attributes follow HR; login names are unique
 * across the domain; privileged passwords are set with {@code unicodePwd}; a certificate for
 * another host name is refused.
 */
class ActiveDirectoryIT {

  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);

  private final TestSambaDc dc = TestSambaDc.instance();
  private LdapDirectory directory;
  private DirectoryTarget target;
  private String number;

  @BeforeEach
  void connect() {
    directory = LdapDirectory.connect(dc.settings());
    target = new DirectoryTarget(directory);
    number = Long.toString(800000 + Math.floorMod(System.nanoTime(), 99999L));
  }

  @AfterEach
  void close() {
    directory.close();
  }

  @Test
  void createWhenJoinerThenEnabledWindowsAccountWithUpnAndNoPasswordNotRequired() throws Exception {
    String dn = create(staff(number));

    try (LDAPConnection admin = dc.admin()) {
      var entry = admin.getEntry(dn, "userAccountControl", "userPrincipalName", "pwdLastSet");
      // NORMAL_ACCOUNT only: enabled, and not PASSWD_NOTREQD (32)
      assertThat(entry.getAttributeValueAsInteger("userAccountControl")).isEqualTo(512);
      assertThat(entry.getAttributeValue("userPrincipalName"))
          .isEqualTo(number + TestSambaDc.UPN_SUFFIX);
      assertThat(entry.getAttributeValueAsLong("pwdLastSet"))
          .as("a password was set (random, unseen)")
          .isPositive();
    }
    assertThat(account(dn).state()).isEqualTo(AccountState.ENABLED);
  }

  @Test
  void stopWhenSuspendedThenDcRefusesLogonAndRestoreLetsItIn() throws Exception {
    String dn = create(staff(number));
    String upn = number + TestSambaDc.UPN_SUFFIX;
    setPasswordByHand(dn, "Hand-Set-Pass-1");
    assertThat(dc.bind(upn, "Hand-Set-Pass-1")).matches(BindResult::usable);

    target.apply(suspend(dn), DAY);

    BindResult refused = dc.bind(upn, "Hand-Set-Pass-1");
    assertThat(refused.diagnostic()).as("AD: account disabled").contains("data 533");
    TargetAccount read = account(dn);
    assertThat(read.state()).isEqualTo(AccountState.SUSPENDED);
    assertThat(read.stopReason()).contains(StopReason.LEAVE);

    target.apply(
        new PlannedAction.Restore(
            Target.DIRECTORY, number, dn, Situation.LINKED, Reason.of("復職", "return")),
        DAY.plusDays(30));

    assertThat(dc.bind(upn, "Hand-Set-Pass-1")).matches(BindResult::usable);
    assertThat(account(dn).state()).isEqualTo(AccountState.ENABLED);
  }

  @Test
  void planWhenDisabledAccountReEnabledByHandThenDriftIsStoppedAgain() throws Exception {
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
    String dn = create(staff(number));
    String upn = number + TestSambaDc.UPN_SUFFIX;
    setPasswordByHand(dn, "Hand-Set-Pass-1");
    target.apply(suspend(dn), DAY);
    try (LDAPConnection admin = dc.admin()) {
      // someone enables the account in "Active Directory Users and Computers"
      admin.modify(dn, new Modification(ModificationType.REPLACE, "userAccountControl", "512"));
    }
    assertThat(dc.bind(upn, "Hand-Set-Pass-1")).matches(BindResult::usable);

    TargetAccount read = account(dn);
    assertThat(read.state())
        .as("read from the DC, not from Mamori's marker")
        .isEqualTo(AccountState.ENABLED);
    assertThat(read.stopUndone()).contains(StopReason.LEAVE);
    Plan plan = plan(List.of(onLeave), read);
    assertThat(plan.changes())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Suspend.class,
            s -> assertThat(s.reason().en()).contains("re-enabled outside Mamori: drift"));

    target.applyAll(plan.changes(), DAY.plusDays(1));

    assertThat(dc.bind(upn, "Hand-Set-Pass-1").diagnostic()).contains("data 533");
    assertThat(plan(List.of(onLeave), account(dn)).changes()).isEmpty();
  }

  @Test
  void planWhenTransferredAndRenamedThenEntryFollowsHr() throws Exception {
    String dn = create(staff(number));
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

    try (LDAPConnection admin = dc.admin()) {
      var entry = admin.getEntry(dn, "*");
      assertThat(entry.getAttributeValues("departmentNumber")).containsExactly("Z09");
      assertThat(entry.getAttributeValue("department")).isEqualTo("税務課");
      assertThat(entry.getAttributeValue("title")).isEqualTo("主任");
      assertThat(entry.getAttributeValue("displayName")).isEqualTo("改姓");
      assertThat(entry.getAttributeValue("sn")).isEqualTo("改姓");
      assertThat(entry.hasAttribute("givenName")).as("no stale given name").isFalse();
    }
    assertThat(plan(List.of(moved), account(dn)).changes()).isEmpty();
  }

  @Test
  void planWhenLoginNameHeldElsewhereInDomainThenReportedWithTheDnNotCreated() throws Exception {
    String elsewhere = "CN=" + number + "," + TestSambaDc.ELSEWHERE_DN;
    try (LDAPConnection admin = dc.admin()) {
      admin.add(
          "dn: " + elsewhere, "objectClass: user", "cn: " + number, "sAMAccountName: " + number);
    }
    StaffRecord joiner = staff(number);

    Plan planned = plan(List.of(joiner), null);
    assertThat(planned.changes()).singleElement().isInstanceOf(PlannedAction.Create.class);
    Map<String, String> taken =
        target.namesTakenElsewhere(List.of((PlannedAction.Create) planned.changes().getFirst()));
    Plan vetted = planned.withNamesTaken(Target.DIRECTORY, taken);

    assertThat(taken).containsEntry(number, elsewhere);
    assertThat(vetted.changes()).isEmpty();
    assertThat(vetted.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            PlannedAction.Report.class,
            r -> assertThat(r.reason().en()).contains(elsewhere).contains("not created"));
    // and the DC would indeed have refused it: the name is unique across the domain
    assertThatThrownBy(() -> target.apply(planned.changes().getFirst(), DAY))
        .isInstanceOf(DirectoryException.class);
  }

  @Test
  void changesSinceWhenOneEntryChangedThenOnlyItIsReadByUsnOfTheSameDc() throws Exception {
    String dn = create(staff(number));
    String other = create(staff(Long.toString(Long.parseLong(number) + 1)));
    var complete = target.readComplete();
    assertThat(complete.mark()).startsWith("usn:").endsWith("@dc1.mamori.test");
    try (LDAPConnection admin = dc.admin()) {
      admin.modify(dn, new Modification(ModificationType.REPLACE, "title", "係長"));
    }

    var read = target.changesSince(complete.mark());

    assertThat(read)
        .isInstanceOfSatisfying(
            IncrementalSource.Changes.class,
            c -> {
              assertThat(c.changed()).extracting(TargetAccount::id).containsExactly(dn);
              assertThat(c.changed().getFirst().profile()).containsEntry(ProfileField.TITLE, "係長");
            });
    assertThat(other).isNotEqualTo(dn);
    // a mark of another domain controller cannot be answered here: a complete read instead
    assertThat(target.changesSince("usn:1@dc2.mamori.test"))
        .isInstanceOf(IncrementalSource.Unknown.class);
  }

  @Test
  void serviceAccountWhenOutsideItsDelegationThenRefused() throws Exception {
    // everything above ran as the delegated service account; its rights end where the guide's do
    String dn = create(staff(number));
    try (LDAPConnection service = dc.service()) {
      assertThatThrownBy(() ->
              service.modify(
                  dn, new Modification(ModificationType.REPLACE, "scriptPath", "logon.bat")))
          .isInstanceOfSatisfying(
              com.unboundid.ldap.sdk.LDAPException.class,
              e ->
                  assertThat(e.getResultCode())
                      .isEqualTo(com.unboundid.ldap.sdk.ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
      assertThatThrownBy(() ->
              service.add(
                  "dn: CN=intruder," + TestSambaDc.ELSEWHERE_DN,
                  "objectClass: user",
                  "sAMAccountName: intruder"))
          .isInstanceOfSatisfying(
              com.unboundid.ldap.sdk.LDAPException.class,
              e ->
                  assertThat(e.getResultCode())
                      .isEqualTo(com.unboundid.ldap.sdk.ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
    assertThat(directory.toString()).contains(TestSambaDc.PEOPLE_DN);
    assertThat(dc.settings().bindDn()).isEqualTo(TestSambaDc.SERVICE_DN);
  }

  @Test
  void setPasswordWhenPrivilegedAccountThenUnicodePwdChangesTheLogonPassword() throws Exception {
    String dn = create(staff(number));
    String upn = number + TestSambaDc.UPN_SUFFIX;
    PrivilegedDirectoryAccounts privileged = new PrivilegedDirectoryAccounts(directory);

    privileged.setPassword(dn, "Checked-Out-Pass-7".toCharArray());
    assertThat(dc.bind(upn, "Checked-Out-Pass-7")).matches(BindResult::usable);

    privileged.setPassword(dn, "Rotated-At-Checkin-8".toCharArray());
    assertThat(dc.bind(upn, "Checked-Out-Pass-7").diagnostic()).contains("data 52e");
    assertThat(dc.bind(upn, "Rotated-At-Checkin-8")).matches(BindResult::usable);

    assertThat(privileged.setEnabled(dn, false)).isTrue();
    assertThat(dc.bind(upn, "Rotated-At-Checkin-8").diagnostic()).contains("data 533");
  }

  @Test
  void connectWhenCertificateDoesNotNameTheHostThenRefusedEvenOnLoopback() {
    // the DC's certificate names "localhost" only; 127.0.0.1 is the same server, another name
    assertThatThrownBy(() -> LdapDirectory.connect(dc.settings("127.0.0.1")).close())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("127.0.0.1")
        .hasMessageContaining("TLS handshake was refused")
        .hasMessageNotContaining("Svc-");
  }

  private String create(StaffRecord staff) {
    target.apply(
        new PlannedAction.Create(
            Target.DIRECTORY,
            staff,
            Set.of(staff.sectionCode()),
            Situation.UNMATCHED,
            Reason.of("採用", "joiner")),
        DAY);
    return directory.findByEmployeeNumber(staff.employeeNumber()).orElseThrow().dn();
  }

  private void setPasswordByHand(String dn, String password) throws Exception {
    try (LDAPConnection admin = dc.admin()) {
      admin.modify(
          dn,
          new Modification(
              ModificationType.REPLACE,
              "unicodePwd",
              ActiveDirectoryPasswords.unicodePwd(password)));
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
                Duration.ofDays(3650),
                shipped.contractorGrace(),
                shipped.orphanGrace(),
                100,
                1000));
    HrFile file = new HrFile(Path.of("hr.csv"), StandardCharsets.UTF_8, hr, List.of(), hr.size());
    return planner.plan(
        file,
        account == null ? List.of() : List.of(account),
        Set.of(Target.DIRECTORY),
        DAY.plusDays(1),
        Map.of());
  }

  private static StaffRecord staff(String number) {
    return TestStaffRecords.staff()
        .employeeNumber(number)
        .fullName("実機 太郎")
        .sectionCode("K01")
        .sectionName("市民課")
        .title("主事")
        .effectiveDate(DAY.minusYears(1))
        .build();
  }
}
