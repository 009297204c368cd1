package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import java.time.LocalDate;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.policy.LockoutRules;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.RealServers.BindResult;
import jp.mamori.testing.TestAccounts;
import jp.mamori.testing.TestSlapd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory holds the password, on a real OpenLDAP 2.5 with ppolicy, Mamori bound as its
 * service account: the policy's rules written to the ppolicy entry and checked for drift, a
 * temporary password that must be changed at the first bind, lockout after exactly the policy's
 * number of failures and unlock from Mamori (PW-1, PW-3, PW-4, LG-1, AU-5).
 */
class OpenLdapPasswordsIT {

  private static final LocalDate DAY = LocalDate.of(2027, 4, 1);
  private static final Policy POLICY = PolicyLoader.loadDefault();

  private final TestSlapd slapd = TestSlapd.instance();
  private LdapDirectory directory;
  private DirectoryCredentials credentials;
  private String number;

  @BeforeEach
  void connect() {
    directory = LdapDirectory.connect(slapd.settings());
    credentials = new DirectoryCredentials(directory);
    number = Integer.toString(600000 + (int) (System.nanoTime() % 99999 + 99999) % 99999);
    DirectoryPasswordPolicy.openLdap(TestSlapd.POLICY_DN, POLICY.password(), POLICY.lockout())
        .apply(directory);
  }

  @AfterEach
  void close() {
    directory.close();
  }

  @Test
  void policyWrittenThenHandChangeIsDriftAndApplyRestoresIt() throws Exception {
    DirectoryPasswordPolicy policy =
        DirectoryPasswordPolicy.openLdap(TestSlapd.POLICY_DN, POLICY.password(), POLICY.lockout());
    assertThat(policy.differences(directory)).isEmpty();
    try (LDAPConnection root = slapd.root()) {
      var entry = root.getEntry(TestSlapd.POLICY_DN, "*");
      assertThat(entry.getAttributeValue("pwdMinLength"))
          .isEqualTo(Integer.toString(POLICY.password().minLength()));
      assertThat(entry.getAttributeValue("pwdMaxFailure"))
          .isEqualTo(Integer.toString(POLICY.lockout().maxFailures()));
      assertThat(entry.getAttributeValue("pwdLockoutDuration"))
          .isEqualTo(Long.toString(POLICY.lockout().maxWait().toSeconds()));
      assertThat(entry.getAttributeValue("pwdInHistory"))
          .isEqualTo(Integer.toString(POLICY.password().historyCount()));
      // someone relaxes the rule by hand
      root.modify(
          TestSlapd.POLICY_DN,
          new Modification(ModificationType.REPLACE, "pwdMaxFailure", "50"),
          new Modification(ModificationType.DELETE, "pwdMustChange"));
    }

    assertThat(policy.differences(directory))
        .extracting(DirectoryPasswordPolicy.Difference::toString)
        .containsExactlyInAnyOrder(
            "pwdMaxFailure: expected " + POLICY.lockout().maxFailures() + ", found 50",
            "pwdMustChange: expected TRUE, found (none)");
    assertThat(policy.apply(directory)).hasSize(2);
    assertThat(policy.differences(directory)).isEmpty();
  }

  @Test
  void temporaryPasswordMustBeChangedAtFirstBindThenTheChosenOneWorks() throws Exception {
    String dn = create(staff());
    String temporary = "Tmp-" + number + "-kq7Wz2x";
    credentials.issueTemporary(dn, temporary.toCharArray());

    BindResult first = slapd.bind(dn, temporary);
    assertThat(first.mustChangePassword()).as("first bind: %s", first).isTrue();
    assertThat(first.usable()).isFalse();

    String chosen = "Chosen-" + number + "-Mv3pLx";
    try (LDAPConnection self = new LDAPConnection("127.0.0.1", slapd.port(), dn, temporary)) {
      var result =
          self.processExtendedOperation(new PasswordModifyExtendedRequest(null, temporary, chosen));
      assertThat(result.getResultCode()).as("%s", result).isEqualTo(ResultCode.SUCCESS);
    }
    assertThat(slapd.bind(dn, chosen)).matches(BindResult::usable);
    assertThat(slapd.bind(dn, temporary).succeeded()).as("temporary no longer works").isFalse();
  }

  @Test
  void lockedAfterExactlyMaxFailuresRightPasswordRefusedThenUnlockFromMamori() throws Exception {
    LockoutRules lockout = POLICY.lockout();
    String dn = create(staff());
    String password = "Usable-" + number + "-Hq8Tr";
    credentials.issueTemporary(dn, password.toCharArray());
    try (LDAPConnection root = slapd.root()) {
      root.modify(dn, new Modification(ModificationType.DELETE, "pwdReset"));
    }

    for (int i = 1; i < lockout.maxFailures(); i++) {
      assertThat(slapd.bind(dn, "wrong-" + i).succeeded()).isFalse();
    }
    assertThat(credentials.lockout(dn).locked()).as("one failure short").isFalse();
    assertThat(credentials.lockout(dn).failures()).isEqualTo(lockout.maxFailures() - 1);
    assertThat(slapd.bind(dn, "wrong-last").succeeded()).isFalse();

    DirectoryCredentials.Lockout locked = credentials.lockout(dn);
    assertThat(locked.locked()).as("after %d failures", lockout.maxFailures()).isTrue();
    assertThat(locked.since()).isPresent();
    BindResult refused = slapd.bind(dn, password);
    assertThat(refused.succeeded()).as("right password while locked: %s", refused).isFalse();

    assertThat(credentials.unlock(dn)).isTrue();
    assertThat(slapd.bind(dn, password)).matches(BindResult::usable);
    assertThat(credentials.lockout(dn)).isEqualTo(DirectoryCredentials.Lockout.NONE);
  }

  @Test
  void mamorisStopIsNotALockoutAndUnlockLeavesItStopped() throws Exception {
    String dn = create(staff());
    String password = "Usable-" + number + "-Zp4Nc";
    credentials.issueTemporary(dn, password.toCharArray());
    TestAccounts.suspend(directory, number, dn, DAY);

    assertThat(credentials.lockout(dn).locked()).isFalse();
    assertThat(credentials.unlock(dn)).isFalse();
    assertThat(slapd.bind(dn, password).locked()).as("still stopped by the server").isTrue();
  }

  private String create(StaffRecord staff) {
    return TestAccounts.create(directory, staff, DAY);
  }

  private StaffRecord staff() {
    return TestAccounts.staff(number, "実機 次郎", DAY);
  }
}
