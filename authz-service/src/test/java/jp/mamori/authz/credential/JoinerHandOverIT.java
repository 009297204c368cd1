package jp.mamori.authz.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.mamori.authz.DirectGrant;
import jp.mamori.authz.TestDatabase;
import jp.mamori.authz.TestRealm;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.EmploymentType;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.keycloak.KeycloakCredentials;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;

/**
 * Bulk issue for joiners on the real Keycloak and PostgreSQL (PW-4): the accounts onboarded without
 * a password get one each, recorded as handed over by sheet; the printable sheet has a page per
 * section, is readable by its owner only, and its passwords are the ones Keycloak accepts; running
 * again issues nothing.
 */
class JoinerHandOverIT {

  private static final String REALM = "joiner-handover-it";
  private static final String CLIENT = "it-handover-direct";
  private static final Policy policy = PolicyLoader.loadDefault();

  private static TestDatabase database;
  private static Keycloak admin;
  private static String issuer;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
    admin = EmbeddedKeycloak.shared().adminClient();
    issuer = TestRealm.configure(admin, REALM, policy, CLIENT);
  }

  @AfterAll
  static void stop() {
    admin.close();
    database.close();
  }

  @Test
  void executeWhenJoinersWereOnboardedThenOneSheetPagePerSectionWithWorkingPasswords()
      throws Exception {
    KeycloakTarget target = new KeycloakTarget(admin, REALM);
    LocalDate april = LocalDate.of(2027, 4, 1);
    target.applyAll(
        List.of(
            joiner("63001", "新人 一郎", "K01"),
            joiner("63002", "新人 二郎", "K01"),
            joiner("63003", "新人 <三郎>", "F01")),
        april);
    TemporaryPasswords passwords =
        TestTemporaryPasswords.of(admin, REALM, policy, database, Clock.systemUTC());
    JoinerHandOver handOver =
        new JoinerHandOver(
            target, new KeycloakCredentials(admin, REALM), passwords, Clock.systemUTC());
    Path sheet = dir.resolve("handover.html");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        handOver.execute(
            "issue-joiners",
            Map.of("issuer", "情報システム課 田中", "output", sheet.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    String summary = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(summary).isZero();
    assertThat(summary).contains("3 名に仮パスワードを発行しました (2 所属)").doesNotContain("63001\t");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sheet)))
        .isEqualTo("rw-------");
    String html = Files.readString(sheet);
    assertThat(html).contains("data-section=\"K01\"").contains("data-section=\"F01\"");
    assertThat(html).contains("新人 &lt;三郎&gt;").doesNotContain("<三郎>");
    Matcher rows =
        Pattern.compile("<td class=\"emp\">(\\d+)</td><td>[^<]*</td><td class=\"pw\">([^<]+)</td>")
            .matcher(html);
    int checked = 0;
    while (rows.find()) {
      String password =
          rows.group(2)
              .replace("&amp;", "&")
              .replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&quot;", "\"")
              .replace("&#39;", "'");
      assertThat(DirectGrant.login(issuer, CLIENT, rows.group(1), password).body())
          .as("Keycloak knows the sheet's password for %s and asks for a change", rows.group(1))
          .contains("Account is not fully set up");
      checked++;
    }
    assertThat(checked).isEqualTo(3);
    assertThat(passwords.history("63001"))
        .singleElement()
        .satisfies(i -> {
          assertThat(i.handover()).isEqualTo("HAND_OVER_SHEET");
          assertThat(i.issuedBy()).isEqualTo("情報システム課 田中");
        });

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    int second =
        handOver.execute(
            "issue-joiners",
            Map.of("issuer", "情報システム課 田中", "output", dir.resolve("again.html").toString()),
            new PrintStream(again, true, StandardCharsets.UTF_8));
    assertThat(second).isZero();
    assertThat(again.toString(StandardCharsets.UTF_8)).contains("発行対象の職員はいません");
    assertThat(dir.resolve("again.html")).doesNotExist();
  }

  private static PlannedAction joiner(String employeeNumber, String name, String section) {
    StaffRecord staff =
        new StaffRecord(
            employeeNumber,
            name,
            "シンジン",
            section,
            section.equals("K01") ? "市民課" : "福祉課",
            "主事",
            EmploymentType.REGULAR,
            EmploymentStatus.ACTIVE,
            LocalDate.of(2027, 4, 1),
            Optional.empty());
    return new PlannedAction.Create(
        Target.IDENTITY_PROVIDER,
        staff,
        Set.of(section),
        Situation.UNMATCHED,
        Reason.of("採用", "joiner", "LC-1"));
  }
}
