package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.ReconcileTarget.PartiallyApplied;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetException;
import org.junit.jupiter.api.Test;

/**
 * The directory failing under the connector, on the in-memory LDAP server: a read that would come
 * back short fails instead, a batch stops at a server that went away, and the failures name the
 * server and what to check without the request's values. The same on a real slapd, killed and
 * frozen: {@code DirectoryGoneIT} and {@code DirectoryShortReadIT} in authz-service.
 */
class DirectoryFaultsTest {

  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);

  /**
   * GV-7, LC-6: a referral under the people subtree (entries held by another server) fails every
   * read of people, naming where it points, rather than leaving those people out.
   */
  @Test
  void listPeopleWhenPartOfTheSubtreeIsAReferralThenFailsNamingIt() throws Exception {
    try (EmbeddedDirectory server = EmbeddedDirectory.start();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      ldap.create(TestStaffRecords.staff().employeeNumber("10001").build(), "10001");
      server
          .server()
          .add(
              "dn: ou=branch,ou=people,dc=mamori,dc=example",
              "objectClass: referral",
              "objectClass: extensibleObject",
              "ou: branch",
              "ref: ldap://branch.example.lg.jp/ou=people,dc=branch,dc=example");

      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(ldap::listPeople)
          .satisfies(e -> {
            assertThat(e.resultCode()).isEqualTo(ResultCode.REFERRAL);
            assertThat(e.getMessage())
                .contains("ldap://branch.example.lg.jp/ou=people,dc=branch,dc=example")
                .contains("set peopleDn to a subtree this server holds in full");
          });
      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> ldap.findByEmployeeNumber("10002"))
          .satisfies(e -> assertThat(e.resultCode()).isEqualTo(ResultCode.REFERRAL));
      assertThatExceptionOfType(DirectoryException.class)
          .isThrownBy(() -> new DirectoryTarget(ldap).read())
          .satisfies(e -> assertThat(e.resultCode()).isEqualTo(ResultCode.REFERRAL));
      // the check of login names lists no people: references there (AD's other naming contexts
      // under the domain root, always present) are skipped, not an error
      assertThat(ldap.loginNamesTaken(List.of("10001", "10002"))).containsOnlyKeys("10001");
    }
  }

  /**
   * LC-1: the directory goes away before a batch of joiners: the batch stops at a failure of the
   * server (named, retryable), nothing is reported applied, and once the server is back the same
   * batch adds every joiner once.
   */
  @Test
  void applyAllWhenTheServerWentAwayThenStopsAtAServerFailureAndTheSameBatchLaterAddsEachOnce() {
    try (EmbeddedDirectory server = EmbeddedDirectory.start();
        LdapDirectory ldap = LdapDirectory.connect(server.settings())) {
      DirectoryTarget target = new DirectoryTarget(ldap);
      List<PlannedAction> joiners = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        joiners.add(
            new PlannedAction.Create(
                Target.DIRECTORY,
                TestStaffRecords.staff().employeeNumber(Integer.toString(30000 + i)).build(),
                Set.of("K01"),
                Situation.UNMATCHED,
                Reason.of("採用", "joiner", "LC-1")));
      }
      server.suspend();

      assertThatThrownBy(() -> target.applyAll(joiners, APRIL_1))
          .isInstanceOfSatisfying(
              PartiallyApplied.class,
              e -> {
                assertThat(e.applied()).isEmpty();
                DirectoryException cause = (DirectoryException) e.getCause();
                assertThat(cause.serverFailure()).isTrue();
                assertThat(cause.getMessage()).contains(server.settings().endpoint());
              });
      server.resume();

      assertThat(target.applyAll(joiners, APRIL_1)).hasSize(40);
      assertThat(ldap.listPeople()).hasSize(40);
    }
  }

  /**
   * The SDK's text of a connection closed under an add quotes the whole request (the person's name
   * and section, base64 or not): the failure keeps the operation, server and DN, and neither its
   * message nor its cause's trace holds a value of the entry.
   */
  @Test
  void failureWhenTheSdkQuotesTheRequestThenTheValuesAreLeftOut() {
    DirectorySettings settings = settings();
    LDAPException closed =
        new LDAPException(
            ResultCode.SERVER_DOWN,
            "The connection to server 127.0.0.1:389 was closed while waiting for a response to an"
                + " add request AddRequest(dn='uid=10001,ou=people,dc=mamori,dc=example',"
                + " attrs={Attribute(name=displayName, values={'山田 太郎'}),"
                + " Attribute(name=ou, base64Values={'5biC5rCR6Kqy'})})");

    DirectoryException e =
        DirectoryFailures.of(settings, "add", "uid=10001,ou=people,dc=mamori,dc=example", closed);

    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .contains("add failed at ldap://127.0.0.1:389")
        .contains("uid=10001,ou=people,dc=mamori,dc=example")
        .contains("closed while waiting for a response to an add request")
        .doesNotContain("山田")
        .doesNotContain("5biC5rCR6Kqy")
        .doesNotContain("AddRequest(");
    assertThat(e.resultCode()).isEqualTo(ResultCode.SERVER_DOWN);
    assertThat(e.getCause()).isInstanceOf(LDAPException.class);
  }

  /** A request without an answer within the response timeout says so, with the setting's value. */
  @Test
  void failureWhenNoAnswerInTimeThenNamesTheResponseTimeout() {
    DirectorySettings settings =
        settings()
            .withTimeouts(new DirectoryTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(7)));

    DirectoryException e =
        DirectoryFailures.of(
            settings,
            "list people",
            "ou=people,dc=mamori,dc=example",
            new LDAPException(ResultCode.TIMEOUT, "A client-side timeout was encountered"));

    assertThat(e.serverFailure()).isTrue();
    assertThat(e.getMessage()).contains("did not answer within 7 s (responseTimeout)");
  }

  /**
   * A refused bind names the service account and what to check (changed password, lock, deletion)
   * without the password, and stops a run like an unreachable server.
   */
  @Test
  void failureWhenTheBindIsRefusedThenNamesTheAccountAndWhatToCheck() {
    DirectoryException e =
        DirectoryFailures.of(
            settings(),
            "list people",
            "ou=people,dc=mamori,dc=example",
            new LDAPException(ResultCode.INVALID_CREDENTIALS, "invalid credentials"));

    assertThat(e.serverFailure()).isTrue();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("service account cn=mamori-sync,dc=mamori,dc=example")
        .contains("exists and is not locked")
        .contains("bindPassword")
        .doesNotContain("s3cret");
  }

  /**
   * Callers outside hr-sync catch the neutral {@link TargetException}: it names the directory and
   * answers {@code retryable()} and {@code serverFailure()} as the LDAP result code does.
   */
  @Test
  void directoryExceptionWhenSeenAsTargetExceptionThenSameAnswers() {
    TargetException down =
        new DirectoryException(ResultCode.SERVER_DOWN, "ldap://dir:389 went away", null);
    TargetException badPassword =
        new DirectoryException(ResultCode.INVALID_CREDENTIALS, "bind refused", null);
    TargetException missing = new DirectoryException(ResultCode.NO_SUCH_OBJECT, "no entry", null);

    assertThat(down.target()).isEqualTo(Target.DIRECTORY);
    assertThat(down.retryable()).isTrue();
    assertThat(down.serverFailure()).isTrue();
    assertThat(badPassword.retryable()).isFalse();
    assertThat(badPassword.serverFailure()).isTrue();
    assertThat(missing.retryable()).isFalse();
    assertThat(missing.serverFailure()).isFalse();
  }

  private static DirectorySettings settings() {
    return new DirectorySettings(
        "127.0.0.1",
        389,
        false,
        "cn=mamori-sync,dc=mamori,dc=example",
        "s3cret-bind-password",
        "ou=people,dc=mamori,dc=example",
        DirectorySchema.OPENLDAP);
  }
}
