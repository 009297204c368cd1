package jp.mamori.hrsync.directory;

import static jp.mamori.hrsync.hr.TestStaffRecords.staff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.reconcile.DirectoryHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LDAP connector against a real in-memory LDAP server, over the LDAP protocol; no mocks. */
class LdapDirectoryTest {

  private EmbeddedDirectory embedded;
  private LdapDirectory directory;

  @AfterEach
  void stop() {
    if (directory != null) {
      directory.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  private LdapDirectory openLdap() {
    embedded = EmbeddedDirectory.start();
    directory = LdapDirectory.connect(embedded.settings());
    return directory;
  }

  private LdapDirectory activeDirectoryLike() {
    embedded = EmbeddedDirectory.startActiveDirectoryLike();
    directory = LdapDirectory.connect(embedded.settings());
    return directory;
  }

  @Test
  void changedSinceWhenMarkIsAnEntrysChangeTimeThenItIsReadAndAMillisecondLaterItIsNot()
      throws Exception {
    for (boolean ad : new boolean[] {false, true}) {
      stop();
      LdapDirectory ldap = ad ? activeDirectoryLike() : openLdap();
      DirectoryAccount before = ldap.create(staff().employeeNumber("20001").build(), "m20001");
      DirectoryAccount changed = ldap.create(staff().employeeNumber("20002").build(), "m20002");
      String attribute = ad ? "whenChanged" : "modifyTimestamp";
      String time =
          embedded.server().getEntry(changed.dn(), attribute).getAttributeValue(attribute);
      // the embedded server orders change times byte by byte (EmbeddedDirectory): that is time
      // order only for the fixed-width UTC form with milliseconds it writes
      assertThat(time).as(attribute + " of " + changed.dn()).matches("\\d{14}\\.\\d{3}Z");
      java.time.Instant at = com.unboundid.util.StaticUtils.decodeGeneralizedTime(time).toInstant();
      String beforeTime =
          embedded.server().getEntry(before.dn(), attribute).getAttributeValue(attribute);

      assertThat(ldap.searchPeopleChangedSince(at))
          .extracting(e -> e.getDN())
          .as("%s >= its own value %s (the other entry's: %s)", attribute, time, beforeTime)
          .contains(changed.dn())
          .hasSize(beforeTime.equals(time) ? 2 : 1);
      assertThat(ldap.searchPeopleChangedSince(at.plusMillis(1)))
          .as("%s >= a millisecond after %s", attribute, time)
          .isEmpty();
      assertThat(ldap.searchPeopleChangedSince(at.minusSeconds(1)))
          .extracting(e -> e.getDN())
          .as("%s >= a second before %s", attribute, time)
          .contains(changed.dn());
    }
  }

  @Test
  void createWhenOpenLdapThenFoundByEmployeeNumberWithInetOrgPersonAttributes() throws Exception {
    LdapDirectory ldap = openLdap();

    DirectoryAccount created = ldap.create(staff().build(), "m10001");

    assertThat(created.dn()).isEqualTo("uid=m10001,ou=people,dc=mamori,dc=example");
    assertThat(ldap.findByEmployeeNumber("10001")).contains(created);
    assertThat(created.loginName()).isEqualTo("m10001");
    assertThat(created.fullName()).isEqualTo("山田 太郎");
    assertThat(created.sectionCode()).isEqualTo("K01");
    assertThat(created.enabled()).isTrue();
    Entry entry = embedded.server().getEntry(created.dn());
    assertThat(entry.getObjectClassValues())
        .containsExactlyInAnyOrder("top", "person", "organizationalPerson", "inetOrgPerson");
    assertThat(entry.getAttributeValue("employeeNumber")).isEqualTo("10001");
    assertThat(entry.getAttributeValue("cn")).isEqualTo("山田 太郎");
    assertThat(entry.getAttributeValue("sn")).isEqualTo("山田");
    assertThat(entry.getAttributeValue("givenName")).isEqualTo("太郎");
    assertThat(entry.getAttributeValue("departmentNumber")).isEqualTo("K01");
    assertThat(entry.getAttributeValue("ou")).isEqualTo("市民課");
    assertThat(entry.getAttributeValue("title")).isEqualTo("主任");
    assertThat(entry.getAttributeValue("employeeType")).isEqualTo("REGULAR");
  }

  @Test
  void createWhenActiveDirectoryLikeThenEnabledWithAnUnknownPasswordAndNoPasswordNotRequired()
      throws Exception {
    LdapDirectory ad = activeDirectoryLike();
    StaffRecord contractor =
        staff()
            .employeeNumber("10034")
            .fullName("坂本 俊介")
            .fullNameKana("サカモト シュンスケ")
            .sectionCode("S01")
            .sectionName("情報システム課")
            .title("システム保守員")
            .employmentType(EmploymentType.CONTRACTOR)
            .effectiveDate(LocalDate.of(2026, 4, 1))
            .contractEnd(LocalDate.of(2027, 3, 31))
            .build();

    DirectoryAccount created = ad.create(contractor, "m10034");

    assertThat(created.dn()).isEqualTo("cn=m10034,cn=Users,dc=mamori,dc=example");
    assertThat(created.enabled()).isTrue();
    assertThat(ad.findByEmployeeNumber("10034")).contains(created);
    Entry entry = embedded.server().getEntry(created.dn());
    assertThat(entry.getObjectClassValues())
        .containsExactlyInAnyOrder("top", "person", "organizationalPerson", "user");
    assertThat(entry.getAttributeValue("sAMAccountName")).isEqualTo("m10034");
    assertThat(entry.getAttributeValue("employeeID")).isEqualTo("10034");
    assertThat(entry.getAttributeValue("displayName")).isEqualTo("坂本 俊介");
    assertThat(entry.getAttributeValue("department")).isEqualTo("情報システム課");
    assertThat(entry.getAttributeValue("departmentNumber")).isEqualTo("S01");
    // NORMAL_ACCOUNT, enabled, without PASSWD_NOTREQD (32): a random password nobody saw is set
    assertThat(entry.getAttributeValueAsInteger("userAccountControl")).isEqualTo(512);
    byte[] password = entry.getAttributeValueBytes("unicodePwd");
    String quoted = new String(password, java.nio.charset.StandardCharsets.UTF_16LE);
    assertThat(quoted).startsWith("\"").endsWith("\"").hasSize(34);
  }

  @Test
  void findByEmployeeNumberWhenAdAccountEnabledThenReportedEnabled() throws Exception {
    LdapDirectory ad = activeDirectoryLike();
    DirectoryAccount created = ad.create(staff().build(), "m10001");
    embedded
        .server()
        .modify(
            "dn: " + created.dn(),
            "changetype: modify",
            "replace: userAccountControl",
            "userAccountControl: 512");

    assertThat(ad.findByEmployeeNumber("10001")).get().extracting("enabled").isEqualTo(true);
  }

  @Test
  void findByEmployeeNumberWhenNoneThenEmpty() {
    assertThat(openLdap().findByEmployeeNumber("99999")).isEmpty();
  }

  @Test
  void findByEmployeeNumberWhenValueLooksLikeFilterSyntaxThenMatchesOnlyItself() {
    LdapDirectory ldap = openLdap();
    ldap.create(staff().build(), "m10001");

    assertThat(ldap.findByEmployeeNumber("*")).isEmpty();
    assertThat(ldap.findByEmployeeNumber("10001)(uid=*")).isEmpty();
    assertThat(ldap.findByEmployeeNumber("1000*")).isEmpty();
  }

  @Test
  void listPeopleWhenAccountsExistThenAllIncludingOnesWithoutEmployeeNumber() throws Exception {
    LdapDirectory ldap = openLdap();
    ldap.create(staff().build(), "m10001");
    ldap.create(
        staff().employeeNumber("10002").fullName("佐藤 花子").fullNameKana("サトウ ハナコ").build(),
        "m10002");
    embedded
        .server()
        .add(
            "dn: uid=helpdesk,ou=people,dc=mamori,dc=example",
            "objectClass: inetOrgPerson",
            "uid: helpdesk",
            "cn: Helpdesk",
            "sn: Helpdesk");

    assertThat(ldap.listPeople())
        .extracting(DirectoryAccount::loginName, DirectoryAccount::employeeNumber)
        .containsExactlyInAnyOrder(
            tuple("m10001", "10001"), tuple("m10002", "10002"), tuple("helpdesk", ""));
  }

  @Test
  void listPeopleWhenMoreThanOnePageThenComplete() throws Exception {
    embedded = EmbeddedDirectory.start();
    // pages of the size real servers are read with (the embedded server is read in one page)
    directory =
        LdapDirectory.connect(
            embedded.settings().withPageSize(DirectorySettings.DEFAULT_PAGE_SIZE));
    LdapDirectory ldap = directory;
    int count = DirectorySettings.DEFAULT_PAGE_SIZE * 2 + 7;
    for (int i = 0; i < count; i++) {
      String uid = "u" + i;
      embedded
          .server()
          .add(
              "dn: uid=" + uid + ",ou=people,dc=mamori,dc=example",
              "objectClass: inetOrgPerson",
              "uid: " + uid,
              "cn: " + uid,
              "sn: " + uid,
              "employeeNumber: " + (20000 + i));
    }

    assertThat(ldap.listPeople()).hasSize(count);
  }

  @Test
  void listPeopleWhenEmptyThenEmptyList() {
    assertThat(openLdap().listPeople()).isEmpty();
    assertThat(directory.findByEmployeeNumber("10001")).isEmpty();
  }

  @Test
  void createWhenSameEmployeeNumberExistsThenEntryAlreadyExists() {
    LdapDirectory ldap = openLdap();
    ldap.create(staff().build(), "m10001");

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> ldap.create(staff().build(), "yamada.taro"))
        .satisfies(e -> {
          assertThat(e.resultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS);
          assertThat(e.retryable()).isFalse();
        })
        .withMessageContaining("uid=m10001,ou=people,dc=mamori,dc=example");
    assertThat(ldap.listPeople()).hasSize(1);
  }

  @Test
  void createWhenSameLoginNameExistsThenEntryAlreadyExists() {
    LdapDirectory ldap = openLdap();
    ldap.create(staff().build(), "m10001");

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> ldap.create(staff().employeeNumber("10002").build(), "m10001"))
        .satisfies(e -> assertThat(e.resultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS));
  }

  @Test
  void createWhenDuplicateOnActiveDirectoryLikeThenEntryAlreadyExists() {
    LdapDirectory ad = activeDirectoryLike();
    ad.create(staff().build(), "m10001");

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> ad.create(staff().build(), "m10001"))
        .satisfies(e -> assertThat(e.resultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS));
  }

  @Test
  void createWhenLoginNameNeedsDnEscapingThenEntryStaysDirectlyUnderPeople() throws Exception {
    LdapDirectory ldap = openLdap();
    String login = "evil,ou=admins+cn=x\\\"<>;#";

    DirectoryAccount created = ldap.create(staff().build(), login);

    DN dn = new DN(created.dn());
    assertThat(dn.getParent()).isEqualTo(new DN("ou=people,dc=mamori,dc=example"));
    assertThat(dn.getRDN()).isEqualTo(new RDN("uid", login));
    assertThat(created.loginName()).isEqualTo(login);
    assertThat(ldap.findByEmployeeNumber("10001")).get().extracting("loginName").isEqualTo(login);
    assertThat(embedded.server().getEntry("ou=admins,dc=mamori,dc=example")).isNull();
  }

  @Test
  void createWhenFullNameHasCommaAndPlusThenStoredAsIs() {
    LdapDirectory ldap = openLdap();
    StaffRecord record = staff().fullName("Smith, John+Jr").fullNameKana("スミス ジョン").build();

    ldap.create(record, "m10001");

    assertThat(ldap.findByEmployeeNumber("10001"))
        .get()
        .extracting(DirectoryAccount::fullName)
        .isEqualTo("Smith, John+Jr");
  }

  @Test
  void createWhenAdLoginNameBreaksSamAccountNameRulesThenRefusedBeforeAsking() {
    LdapDirectory ad = activeDirectoryLike();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> ad.create(staff().build(), "yamada,taro"))
        .withMessageContaining("sAMAccountName");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ad.create(staff().build(), "a".repeat(21)))
        .withMessageContaining("20");
    assertThat(ad.listPeople()).isEmpty();
  }

  @Test
  void findByEmployeeNumberWhenTwoAccountsCarryItThenConstraintViolation() throws Exception {
    LdapDirectory ldap = openLdap();
    ldap.create(staff().build(), "m10001");
    embedded
        .server()
        .add(
            "dn: uid=yamada,ou=people,dc=mamori,dc=example",
            "objectClass: inetOrgPerson",
            "uid: yamada",
            "cn: 山田 太郎",
            "sn: 山田",
            "employeeNumber: 10001");

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> ldap.findByEmployeeNumber("10001"))
        .satisfies(e -> {
          assertThat(e.resultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
          assertThat(e.retryable()).isFalse();
        })
        .withMessageContaining("uid=yamada,ou=people,dc=mamori,dc=example")
        .withMessageContaining("uid=m10001,ou=people,dc=mamori,dc=example");
  }

  @Test
  void connectWhenBindPasswordWrongThenInvalidCredentialsWithoutThePassword() {
    embedded = EmbeddedDirectory.start();
    DirectorySettings good = embedded.settings();
    String wrong = "Wrong-Password-4f7c2a";
    DirectorySettings bad =
        new DirectorySettings(
            good.host(),
            good.port(),
            good.useTls(),
            good.bindDn(),
            wrong,
            good.peopleDn(),
            good.schema());

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(bad))
        .satisfies(e -> {
          assertThat(e.resultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage())
              .contains("127.0.0.1:" + good.port())
              .contains(good.bindDn())
              .contains("bindPassword");
          String everything = e + stackTrace(e);
          assertThat(everything).doesNotContain(wrong).doesNotContain(good.bindPassword());
        });
  }

  @Test
  void connectWhenPeopleDnMissingThenNoSuchObjectNamingTheSetting() {
    embedded = EmbeddedDirectory.start();
    DirectorySettings good = embedded.settings();
    DirectorySettings bad =
        new DirectorySettings(
            good.host(),
            good.port(),
            false,
            good.bindDn(),
            good.bindPassword(),
            "ou=staff,dc=mamori,dc=example",
            good.schema());

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(bad))
        .satisfies(e -> assertThat(e.resultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT))
        .withMessageContaining("ou=staff,dc=mamori,dc=example")
        .withMessageContaining("peopleDn");
  }

  @Test
  void operationsWhenServerStoppedThenRetryableDirectoryException() {
    LdapDirectory ldap = openLdap();
    ldap.create(staff().build(), "m10001");
    int port = embedded.port();
    embedded.close();
    embedded = null;

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(ldap::listPeople)
        .satisfies(e -> assertThat(e.retryable()).isTrue())
        .withMessageContaining("127.0.0.1:" + port);
    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> ldap.create(staff().employeeNumber("10002").build(), "m10002"))
        .satisfies(e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void probeWhenServerAnswersThenAnsweredAndWhenStoppedThenFailedRetryableNotThrown() {
    LdapDirectory ldap = openLdap();
    int port = embedded.port();

    assertThat(ldap.probe())
        .isInstanceOfSatisfying(
            DirectoryHealth.Answered.class,
            a -> {
              assertThat(a.ping().endpoint()).contains("127.0.0.1:" + port);
              assertThat(a.ping().peopleDn()).isEqualTo("ou=people,dc=mamori,dc=example");
            });

    embedded.close();
    embedded = null;

    assertThat(ldap.probe())
        .isInstanceOfSatisfying(
            DirectoryHealth.Failed.class,
            f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.message()).contains("127.0.0.1:" + port);
            });
  }

  @Test
  void connectWhenNothingListensThenRetryableWithoutThePassword() {
    embedded = EmbeddedDirectory.start();
    DirectorySettings settings = embedded.settings();
    embedded.close();
    embedded = null;

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(settings))
        .satisfies(e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.resultCode()).isEqualTo(ResultCode.CONNECT_ERROR);
          assertThat(e + stackTrace(e)).doesNotContain(settings.bindPassword());
        });
  }

  @Test
  void connectWhenTlsRequiredButServerHasNoneThenRefusedRatherThanFallingBackToPlain() {
    embedded = EmbeddedDirectory.start();
    DirectorySettings plain = embedded.settings();
    DirectorySettings tls =
        new DirectorySettings(
            plain.host(),
            plain.port(),
            true,
            plain.bindDn(),
            plain.bindPassword(),
            plain.peopleDn(),
            plain.schema());

    assertThatExceptionOfType(DirectoryException.class)
        .isThrownBy(() -> LdapDirectory.connect(tls))
        .satisfies(e -> assertThat(e + stackTrace(e)).doesNotContain(plain.bindPassword()))
        .withMessageContaining("StartTLS");
  }

  @Test
  void directoryAccountWhenPrintedThenNoName() {
    DirectoryAccount account =
        new DirectoryAccount(
            "uid=m10001,ou=people,dc=mamori,dc=example", "10001", "m10001", "山田 太郎", "K01", true);

    assertThat(account.toString()).contains("10001").doesNotContain("山田");
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
