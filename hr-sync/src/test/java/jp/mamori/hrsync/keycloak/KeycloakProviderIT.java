package jp.mamori.hrsync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;
import jp.mamori.hrsync.hr.TestStaffRecords;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.IncrementalSource;
import jp.mamori.hrsync.reconcile.Plan;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.Planner;
import jp.mamori.hrsync.reconcile.Reason;
import jp.mamori.hrsync.reconcile.Situation;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.policy.LifecycleRules;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Mamori's Keycloak provider (keycloak-provider/) deployed in the real Keycloak: its compact read
 * equals the standard admin API's, its reading of changes names exactly the users changed and those
 * deleted, its bulk section moves end sessions and are recorded as admin events, and it refuses
 * callers who may not administer users (LC-5, issue 3's daily run).
 */
class KeycloakProviderIT {

  private static final String REALM = "provider-it";
  private static final String CLIENT = "it-provider-direct";
  private static final LocalDate APRIL_1 = LocalDate.of(2027, 4, 1);
  private static final EnumSet<Target> IDP = EnumSet.of(Target.IDENTITY_PROVIDER);

  private static EmbeddedKeycloak keycloak;
  private static Keycloak admin;
  private static KeycloakTarget viaProvider;
  private static KeycloakTarget standard;
  private static TokenEndpoint tokens;

  private static final Planner planner;

  static {
    LifecycleRules shipped = PolicyLoader.loadDefault().lifecycle();
    planner =
        new Planner(
            new LifecycleRules(
                shipped.deleteAfterDisable(),
                Duration.ofDays(3650),
                shipped.contractorGrace(),
                shipped.orphanGrace(),
                100,
                1000));
  }

  @BeforeAll
  static void realm() {
    keycloak = EmbeddedKeycloak.shared();
    admin = keycloak.adminClient();
    new KeycloakRealmConfigurator(admin, REALM)
        .configure(
            PolicyLoader.loadDefault(),
            new ConsoleClient(
                "mamori-console", "it-secret-0123456789", "http://localhost:18083", "mamori-api"));
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(CLIENT);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    admin.realm(REALM).clients().create(direct).close();
    viaProvider = new KeycloakTarget(admin, REALM, true, Duration.ZERO);
    standard = new KeycloakTarget(admin, REALM, false, Duration.ZERO);
    tokens = new TokenEndpoint(keycloak.baseUrl(), REALM);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void readWhenProviderInstalledThenTheSameAccountsAsTheStandardAdminApi() {
    HrFile hr =
        file(
            staff("50001", "K01"),
            staff("50002", "F01"),
            TestStaffRecords.staff()
                .employeeNumber("50003")
                .sectionCode("K01")
                .status(EmploymentStatus.SECONDED)
                .effectiveDate(APRIL_1)
                .build());
    apply(
        planner.plan(
            file(staff("50001", "K01"), staff("50002", "F01"), staff("50003", "K01")),
            standard.read(),
            IDP,
            APRIL_1,
            Map.of()));
    apply(planner.plan(hr, standard.read(), IDP, APRIL_1, Map.of())); // 50003 suspended
    UserRepresentation stray = new UserRepresentation();
    stray.setUsername("provider-stray");
    stray.setEnabled(true);
    admin.realm(REALM).users().create(stray).close();

    assertThat(viaProvider.usesProvider()).isTrue();
    assertThat(standard.usesProvider()).isFalse();
    Comparator<TargetAccount> byId = Comparator.comparing(TargetAccount::id);
    List<TargetAccount> compact = viaProvider.read().stream().sorted(byId).toList();
    List<TargetAccount> full = standard.read().stream().sorted(byId).toList();
    assertThat(compact).isNotEmpty().containsExactlyElementsOf(full);
    assertThat(compact)
        .filteredOn(a -> a.employeeNumber().equals("50003"))
        .singleElement()
        .satisfies(a -> {
          assertThat(a.state()).isEqualTo(AccountState.SUSPENDED);
          assertThat(a.stateSince()).contains(APRIL_1);
          assertThat(a.sections()).containsExactly("K01");
        });
  }

  @Test
  void changesSinceWhenUsersChangedThenExactlyThoseAreReadAndTheDeletedOnesGone() {
    apply(
        planner.plan(
            file(
                staff("51001", "K01"),
                staff("51002", "K01"),
                staff("51003", "K01"),
                staff("51004", "K01")),
            standard.read(),
            IDP,
            APRIL_1,
            Map.of()));
    inALaterMillisecond(); // the mark must not share a millisecond with the creations above
    String mark = viaProvider.readComplete().mark();
    String moved = id("51001");
    String renamed = id("51002");
    String deleted = id("51003");
    String untouched = id("51004");

    viaProvider.applyAll(
        List.of(
            new PlannedAction.ChangeSections(
                Target.IDENTITY_PROVIDER,
                "51001",
                moved,
                Set.of("Z01"),
                Set.of("K01"),
                Situation.LINKED,
                Reason.of("異動", "transfer", "LC-5"))),
        APRIL_1);
    standard.apply(
        new PlannedAction.Rename(
            Target.IDENTITY_PROVIDER,
            "51002",
            renamed,
            "改姓 花子",
            Situation.LINKED,
            Reason.of("改姓", "name change", "LC-1")),
        APRIL_1);
    admin.realm(REALM).users().delete(deleted).close();
    UserRepresentation byHand = new UserRepresentation();
    byHand.setUsername("made-by-hand-51");
    byHand.setEnabled(true);
    String created;
    try (Response response = admin.realm(REALM).users().create(byHand)) {
      created = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }

    inALaterMillisecond(); // nor the next mark with the changes above
    IncrementalSource.ChangeRead read =
        Poll.until(
            "Keycloak's record of the changes to 51001, 51002, 51003 and made-by-hand-51",
            () -> viaProvider.changesSince(mark),
            r ->
                !(r instanceof IncrementalSource.Changes c)
                    || (c.changed().stream()
                            .map(TargetAccount::id)
                            .toList()
                            .containsAll(List.of(moved, renamed, created))
                        && c.gone().contains(deleted)));

    assertThat(read).isInstanceOf(IncrementalSource.Changes.class);
    IncrementalSource.Changes changes = (IncrementalSource.Changes) read;
    Map<String, TargetAccount> changed =
        changes.changed().stream().collect(Collectors.toMap(TargetAccount::id, a -> a));
    assertThat(changed.keySet()).contains(moved, renamed, created).doesNotContain(untouched);
    assertThat(changed.get(moved).sections()).containsExactly("Z01");
    assertThat(changed.get(renamed).fullName()).isEqualTo("改姓 花子");
    assertThat(changes.gone()).contains(deleted);
    assertThat(Long.parseLong(changes.mark())).isGreaterThanOrEqualTo(Long.parseLong(mark));

    IncrementalSource.Changes none =
        (IncrementalSource.Changes) viaProvider.changesSince(changes.mark());
    assertThat(none.changed())
        .extracting(TargetAccount::id)
        .doesNotContain(moved, renamed, created);
    assertThat(none.gone()).doesNotContain(deleted);
  }

  @Test
  void moveWhenSessionOpenThenItEndsAndEachChangeIsAnAdminEventOfTheCaller() {
    apply(planner.plan(file(staff("52001", "K01")), standard.read(), IDP, APRIL_1, Map.of()));
    String user = id("52001");
    String refresh = loginWithPermanentPassword("52001");
    long before = inALaterMillisecond();

    List<PlannedAction> applied =
        viaProvider.applyAll(
            List.of(
                new PlannedAction.ChangeSections(
                    Target.IDENTITY_PROVIDER,
                    "52001",
                    user,
                    Set.of("Z01"),
                    Set.of("K01"),
                    Situation.LINKED,
                    Reason.of("異動", "transfer", "LC-5"))),
            APRIL_1);

    assertThat(applied).hasSize(1);
    assertThat(admin.realm(REALM).users().get(user).groups())
        .extracting(GroupRepresentation::getName)
        .containsExactly("section-Z01");
    assertThat(admin.realm(REALM).users().get(user).getUserSessions()).isEmpty();
    assertThat(tokens.refresh(CLIENT, refresh).status())
        .as("the old section's access held in the session ends with it (LC-5)")
        .isEqualTo(400);
    List<AdminEventRepresentation> events =
        Poll.until(
            "the admin event of moving 52001 in Keycloak's event store",
            () ->
                admin.realm(REALM).getAdminEvents().stream()
                    .filter(e ->
                        e.getTime() >= before && e.getResourcePath().startsWith("users/" + user))
                    .toList(),
            found -> !found.isEmpty());
    assertThat(events)
        .as("one admin event per person moved")
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getResourceType() + " " + e.getOperationType())
              .isEqualTo("GROUP_MEMBERSHIP UPDATE");
          assertThat(e.getResourcePath()).isEqualTo("users/" + user + "/groups");
          assertThat(e.getRepresentation())
              .contains(
                  "\"joined\":[{",
                  "section-Z01",
                  "\"left\":[{",
                  "section-K01",
                  "\"sessionsEnded\":true");
        });
    String adminUser =
        admin
            .realm("master")
            .users()
            .searchByUsername(keycloak.adminCredentials().username(), true)
            .getFirst()
            .getId();
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getAuthDetails().getUserId()).isEqualTo(adminUser));
  }

  @Test
  void moveWhenTheNewSectionHasNoGroupYetThenTheProviderCreatesItAndRecordsIt() {
    apply(planner.plan(file(staff("55001", "K01")), standard.read(), IDP, APRIL_1, Map.of()));
    String user = id("55001");
    long before = inALaterMillisecond();
    // A fresh target (a new run) knows no group IDs, and asks Keycloak for no group listing.
    KeycloakTarget freshRun = new KeycloakTarget(admin, REALM, true, Duration.ZERO);

    List<PlannedAction> applied =
        freshRun.applyAll(
            List.of(
                new PlannedAction.ChangeSections(
                    Target.IDENTITY_PROVIDER,
                    "55001",
                    user,
                    Set.of("N55"),
                    Set.of("K01", "GONE55"),
                    Situation.LINKED,
                    Reason.of("異動", "transfer", "LC-5"))),
            APRIL_1);

    assertThat(applied).hasSize(1);
    assertThat(admin.realm(REALM).users().get(user).groups())
        .extracting(GroupRepresentation::getName)
        .containsExactly("section-N55");
    assertThat(admin.realm(REALM).groups().groups("section-GONE55", 0, 10))
        .as("a group that is not there has no member to lose; it is not created")
        .isEmpty();
    List<String> recorded =
        Poll.until(
            "the admin events of creating section-N55 and moving 55001 in Keycloak's event store",
            () ->
                admin.realm(REALM).getAdminEvents().stream()
                    .filter(e -> e.getTime() >= before)
                    .map(e -> e.getResourceType() + " " + e.getOperationType())
                    .toList(),
            types -> types.containsAll(List.of("GROUP CREATE", "GROUP_MEMBERSHIP UPDATE")));
    assertThat(recorded).contains("GROUP CREATE", "GROUP_MEMBERSHIP UPDATE");
    assertThat(freshRun.read())
        .filteredOn(a -> a.id().equals(user))
        .singleElement()
        .extracting(TargetAccount::sections)
        .isEqualTo(Set.of("N55"));
  }

  @Test
  void importWhenJoinersThenTheSameAccountsAsPartialImportInOneAdminEventAndRepeatingSkips() {
    long before = inALaterMillisecond();
    HrFile joiners = file(staff("56001", "K01"), staff("56002", "F01"), staff("56003", "K01"));
    Plan plan = planner.plan(joiners, viaProvider.read(), IDP, APRIL_1, Map.of());
    assertThat(plan.changes()).hasSize(3).allMatch(a -> a instanceof PlannedAction.Create);

    assertThat(viaProvider.applyAll(plan.changes(), APRIL_1)).hasSize(3);
    assertThat(viaProvider.applyAll(plan.changes(), APRIL_1))
        .as("a repeated batch (a run cut off before it was recorded) changes nothing")
        .hasSize(3);

    Map<String, TargetAccount> imported =
        standard.read().stream()
            .filter(a -> a.employeeNumber().startsWith("5600"))
            .collect(Collectors.toMap(TargetAccount::employeeNumber, a -> a));
    assertThat(imported).containsOnlyKeys("56001", "56002", "56003");
    assertThat(imported.get("56001").sections()).isEqualTo(Set.of("K01"));
    assertThat(imported.get("56002").sections()).isEqualTo(Set.of("F01"));
    assertThat(planner.plan(joiners, standard.read(), IDP, APRIL_1, Map.of()).changes())
        .as("planning again right after the import finds nothing to do")
        .isEmpty();
    List<AdminEventRepresentation> events =
        Poll.until(
            "the admin event of importing 56001-56003 in Keycloak's event store",
            () ->
                admin.realm(REALM).getAdminEvents().stream()
                    .filter(e -> e.getTime() >= before && "USER".equals(e.getResourceType()))
                    .toList(),
            found -> !found.isEmpty());
    assertThat(events)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getOperationType()).isEqualTo("CREATE");
          assertThat(e.getRepresentation()).contains("56001", "56002", "56003");
        });
  }

  @Test
  void importWhenAUsernameExistsOrRepeatsInAnyCaseThenSkippedAndOnlyTheNewOneAdded() {
    org.keycloak.representations.idm.UserRepresentation existing =
        new org.keycloak.representations.idm.UserRepresentation();
    existing.setUsername("skip-existing");
    existing.setEnabled(true);
    admin.realm(REALM).users().create(existing).close();
    org.keycloak.representations.idm.UserRepresentation again =
        new org.keycloak.representations.idm.UserRepresentation();
    again.setUsername("Skip-Existing");
    org.keycloak.representations.idm.UserRepresentation fresh =
        new org.keycloak.representations.idm.UserRepresentation();
    fresh.setUsername("skip-fresh");
    org.keycloak.representations.idm.UserRepresentation freshAgain =
        new org.keycloak.representations.idm.UserRepresentation();
    freshAgain.setUsername("SKIP-FRESH");

    List<MamoriProviderApi.Imported> result =
        admin.proxy(MamoriProviderApi.class).importUsers(REALM, List.of(again, fresh, freshAgain));

    assertThat(result)
        .extracting(MamoriProviderApi.Imported::outcome)
        .containsExactly("SKIPPED", "ADDED", "SKIPPED");
    assertThat(admin.realm(REALM).users().searchByUsername("skip-fresh", true)).hasSize(1);
  }

  @Test
  void importWhenUsersCarryCredentialsThenRefusedAndNothingCreated() {
    UserRepresentation withPassword = new UserRepresentation();
    withPassword.setUsername("56901");
    org.keycloak.representations.idm.CredentialRepresentation password =
        new org.keycloak.representations.idm.CredentialRepresentation();
    password.setType("password");
    password.setValue("Some-Password-2027x");
    withPassword.setCredentials(List.of(password));

    assertThatThrownBy(
            () -> admin.proxy(MamoriProviderApi.class).importUsers(REALM, List.of(withPassword)))
        .isInstanceOf(jakarta.ws.rs.BadRequestException.class);
    assertThat(admin.realm(REALM).users().searchByUsername("56901", true)).isEmpty();
  }

  @Test
  void moveWhenStandardApiOnlyThenTheSameEffect() {
    apply(planner.plan(file(staff("53001", "K01")), standard.read(), IDP, APRIL_1, Map.of()));
    String user = id("53001");
    String refresh = loginWithPermanentPassword("53001");

    standard.applyAll(
        List.of(
            new PlannedAction.ChangeSections(
                Target.IDENTITY_PROVIDER,
                "53001",
                user,
                Set.of("Z01"),
                Set.of("K01"),
                Situation.LINKED,
                Reason.of("異動", "transfer", "LC-5"))),
        APRIL_1);

    assertThat(admin.realm(REALM).users().get(user).groups())
        .extracting(GroupRepresentation::getName)
        .containsExactly("section-Z01");
    assertThat(tokens.refresh(CLIENT, refresh).status()).isEqualTo(400);
  }

  @Test
  void changesSinceWhenASectionGroupWasDeletedThenItCannotTell() {
    String mark = viaProvider.readComplete().mark();
    GroupRepresentation group = new GroupRepresentation();
    group.setName("section-GONE");
    String groupId;
    try (Response response = admin.realm(REALM).groups().add(group)) {
      groupId = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
    }
    admin.realm(REALM).groups().group(groupId).remove();

    IncrementalSource.ChangeRead read =
        Poll.until(
            "Keycloak's record of the deletion of section-GONE",
            () -> viaProvider.changesSince(mark),
            r -> r instanceof IncrementalSource.Unknown);

    assertThat(read)
        .isInstanceOfSatisfying(
            IncrementalSource.Unknown.class,
            u -> assertThat(u.why()).contains("group was deleted or renamed"));
  }

  @Test
  void providerWhenCallerMayNotAdministerUsersThenRefused() throws Exception {
    apply(planner.plan(file(staff("54001", "K01")), standard.read(), IDP, APRIL_1, Map.of()));
    loginWithPermanentPassword("54001");
    // Keycloak records a login on a thread of its own after answering, and refuses the same
    // user's next login (without counting it) until it has: ask again until it answers
    String staffToken =
        Poll.until(
                "a second login of 54001 accepted by Keycloak",
                () -> tokens.passwordGrant(CLIENT, "54001", "Permanent-Pass-2027x"),
                answer -> answer.status() == 200)
            .body()
            .path("access_token")
            .asText();
    HttpClient http = HttpClient.newHttpClient();
    URI accounts = URI.create(keycloak.baseUrl() + "/realms/" + REALM + "/mamori/v1/accounts");
    URI memberships =
        URI.create(keycloak.baseUrl() + "/realms/" + REALM + "/mamori/v1/memberships");

    HttpResponse<String> anonymous =
        http.send(HttpRequest.newBuilder(accounts).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> asStaff =
        http.send(
            HttpRequest.newBuilder(accounts)
                .header("Authorization", "Bearer " + staffToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> moveAsStaff =
        http.send(
            HttpRequest.newBuilder(memberships)
                .header("Authorization", "Bearer " + staffToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "[{\"id\":\""
                            + id("54001")
                            + "\",\"join\":[\"section-Z01\"],\"leave\":[],\"logout\":false}]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> forged =
        http.send(
            HttpRequest.newBuilder(accounts)
                .header(
                    "Authorization",
                    "Bearer " + staffToken.substring(0, staffToken.lastIndexOf('.') + 1) + "AAAA")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(asStaff.statusCode()).isEqualTo(403);
    assertThat(moveAsStaff.statusCode()).isEqualTo(403);
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(admin.realm(REALM).users().get(id("54001")).groups())
        .extracting(GroupRepresentation::getName)
        .containsExactly("section-K01");
  }

  /**
   * Waits until the clock is in a later millisecond than every change made so far and returns it
   * (epoch milliseconds): Keycloak stamps users' changes and admin events in whole milliseconds, so
   * a time in the same millisecond as a change cannot tell it from the changes after.
   */
  private static long inALaterMillisecond() {
    Poll.untilClockPasses(Instant.now().plusMillis(1));
    return System.currentTimeMillis();
  }

  private static void apply(Plan plan) {
    standard.applyAll(plan.changes(), APRIL_1);
  }

  private static String id(String employeeNumber) {
    return standard.read().stream()
        .filter(a -> a.employeeNumber().equals(employeeNumber))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** Sets a permanent password, logs in by direct grant and returns the refresh token. */
  private static String loginWithPermanentPassword(String username) {
    return tokens.loginWithPermanentPassword(
        admin, REALM, CLIENT, username, "Permanent-Pass-2027x");
  }

  private static StaffRecord staff(String employeeNumber, String section) {
    return TestStaffRecords.staff()
        .employeeNumber(employeeNumber)
        .sectionCode(section)
        .effectiveDate(LocalDate.of(2024, 4, 1))
        .build();
  }

  private static HrFile file(StaffRecord... records) {
    return new HrFile(
        Path.of("hr.csv"), StandardCharsets.UTF_8, List.of(records), List.of(), records.length);
  }
}
