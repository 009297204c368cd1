package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.LocalDate;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSambaDc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory holds the password, on a real Active Directory DC (Samba 4) over LDAPS, Mamori
 * bound as its delegated service account: the policy's rules as a fine-grained password policy on
 * the staff group, drift in it found and reverted; a temporary password the DC refuses until
 * changed ({@code data 773}); lockout after exactly the policy's number of failures ({@code data
 * 775}) and unlock from Mamori (PW-1, PW-3, PW-4, LG-1, AU-5).
 */
class ActiveDirectoryPasswordsIT {

  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final Policy POLICY = PolicyLoader.loadDefault();

  private final TestSambaDc dc = TestSambaDc.instance();
  private LdapDirectory directory;
  private DirectoryCredentials credentials;
  private DirectoryPasswordPolicy policy;
  private String number;

  @BeforeEach
  void connect() {
    directory = LdapDirectory.connect(dc.settings());
    credentials = new DirectoryCredentials(directory);
    policy =
        DirectoryPasswordPolicy.activeDirectory(
            TestSambaDc.PSO_DN, TestSambaDc.STAFF_GROUP_DN, POLICY.password(), POLICY.lockout());
    policy.apply(directory);
    number = Long.toString(500000 + Math.floorMod(System.nanoTime(), 99999L));
  }

  @AfterEach
  void close() {
    directory.close();
  }

  @Test
  void psoWrittenByTheServiceAccountThenHandChangeIsDriftAndApplyRestoresIt() throws Exception {
    assertThat(policy.differences(directory)).isEmpty();
    try (LDAPConnection admin = dc.admin()) {
      var pso = admin.getEntry(TestSambaDc.PSO_DN, "*");
      assertThat(pso.getAttributeValue("msDS-LockoutThreshold"))
          .isEqualTo(Integer.toString(POLICY.lockout().maxFailures()));
      assertThat(pso.getAttributeValue("msDS-MinimumPasswordLength"))
          .isEqualTo(Integer.toString(POLICY.password().minLength()));
      assertThat(pso.getAttributeValue("msDS-LockoutDuration"))
          .isEqualTo(Long.toString(-POLICY.lockout().maxWait().toSeconds() * 10_000_000L));
      assertThat(pso.getAttributeValue("msDS-PSOAppliesTo"))
          .isEqualToIgnoringCase(TestSambaDc.STAFF_GROUP_DN);
      // a domain administrator relaxes the lockout by hand
      admin.modify(
          TestSambaDc.PSO_DN,
          new Modification(ModificationType.REPLACE, "msDS-LockoutThreshold", "50"));
    }

    assertThat(policy.differences(directory))
        .extracting(DirectoryPasswordPolicy.Difference::toString)
        .containsExactly(
            "msDS-LockoutThreshold: expected " + POLICY.lockout().maxFailures() + ", found 50");
    assertThat(policy.apply(directory)).hasSize(1);
    assertThat(policy.differences(directory)).isEmpty();
  }

  @Test
  void temporaryPasswordRefusedWith773UntilChangedThenTheNewOneWorks() throws Exception {
    String dn = create(staff());
    String temporary = "Tmp-" + number + "-kq7Wz2x";
    credentials.issueTemporary(dn, temporary.toCharArray());

    BindResult first = dc.bind(dn, temporary);
    assertThat(first.mustChangePassword()).as("first logon: %s", first).isTrue();
    assertThat(dc.bind(number + TestSambaDc.UPN_SUFFIX, temporary).mustChangePassword())
        .as("by UPN as at a Windows logon")
        .isTrue();

    // the change at Keycloak's forced update: the new password and pwdLastSet -1, as the
    // directory's service account (Keycloak's LDAP federation binds as it)
    String chosen = "Chosen-" + number + "-Mv3pLx";
    try (LDAPConnection service = dc.service()) {
      service.modify(
          dn,
          new Modification(
              ModificationType.REPLACE, "unicodePwd", ActiveDirectoryPasswords.unicodePwd(chosen)),
          new Modification(ModificationType.REPLACE, "pwdLastSet", "-1"));
    }
    assertThat(dc.bind(dn, chosen)).matches(BindResult::usable);
    assertThat(dc.bind(dn, temporary).succeeded()).as("temporary no longer works").isFalse();
  }

  @Test
  void lockedAfterExactlyMaxFailuresRightPasswordRefusedThenUnlockFromMamori() throws Exception {
    int max = POLICY.lockout().maxFailures();
    // created by the directory target as the lifecycle makes it here: joining the staff group
    new DirectoryTarget(
            directory,
            java.time.Clock.systemUTC(),
            DirectoryTarget.CLOCK_ALLOWANCE,
            java.util.Optional.of(TestSambaDc.STAFF_GROUP_DN))
        .apply(
            new PlannedAction.Create(
                Target.DIRECTORY,
                staff(),
                java.util.Set.of("K01"),
                Situation.UNMATCHED,
                Reason.of("採用", "joiner")),
            DAY);
    String dn = directory.findByEmployeeNumber(number).orElseThrow().dn();
    try (LDAPConnection admin = dc.admin()) {
      assertThat(admin.getEntry(TestSambaDc.STAFF_GROUP_DN, "member").getAttributeValues("member"))
          .contains(dn);
    }
    assertThat(policy.enrol(directory, dn)).as("idempotent").isTrue();
    String password = "Usable-" + number + "-Hq8Tr";
    credentials.issueTemporary(dn, password.toCharArray());
    try (LDAPConnection service = dc.service()) {
      service.modify(dn, new Modification(ModificationType.REPLACE, "pwdLastSet", "-1"));
    }
    assertThat(dc.bind(dn, password)).matches(BindResult::usable);

    for (int i = 1; i < max; i++) {
      assertThat(dc.bind(dn, "Wrong-" + i + "-password").succeeded()).isFalse();
    }
    assertThat(credentials.lockout(dn).locked()).as("one failure short").isFalse();
    assertThat(credentials.lockout(dn).failures()).isEqualTo(max - 1);
    assertThat(dc.bind(dn, "Wrong-last-password").succeeded()).isFalse();

    DirectoryCredentials.Lockout locked = credentials.lockout(dn);
    assertThat(locked.locked()).as("after %d failures (the PSO's threshold)", max).isTrue();
    assertThat(locked.since()).isPresent();
    BindResult refused = dc.bind(dn, password);
    assertThat(refused.locked()).as("right password while locked: %s", refused).isTrue();
    assertThat(refused.diagnostic()).contains("data 775");

    assertThat(credentials.unlock(dn)).isTrue();
    assertThat(dc.bind(dn, password)).matches(BindResult::usable);
    assertThat(credentials.lockout(dn).locked()).isFalse();
  }

  @Test
  void mamorisStopIsNotALockoutAndUnlockLeavesItDisabled() throws Exception {
    String dn = create(staff());
    String password = "Usable-" + number + "-Zp4Nc";
    credentials.issueTemporary(dn, password.toCharArray());
    TestAccounts.suspend(directory, number, dn, DAY);

    assertThat(credentials.lockout(dn).locked()).isFalse();
    assertThat(credentials.unlock(dn)).isFalse();
    assertThat(dc.bind(dn, password).diagnostic()).contains("data 533");
  }

  private String create(StaffRecord staff) {
    return TestAccounts.create(directory, staff, DAY);
  }

  private StaffRecord staff() {
    return TestAccounts.staff(number, "実機 三郎", DAY);
  }
}
