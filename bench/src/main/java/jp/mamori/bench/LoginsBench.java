package jp.mamori.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakRealmConfigurator;
import jp.mamori.hrsync.keycloak.KeycloakTierFlows;
import jp.mamori.hrsync.keycloak.embedded.EmbeddedKeycloak;
import jp.mamori.hrsync.sync.RealmDrift;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Password logins per second through Mamori's staff realm (configured by Mamori from the shipped
 * policy: its realm settings, password policy with the blocklist provider, stored events, tier
 * flows) against a plain realm with the same password hashing, on the same Keycloak, by real
 * browser-like logins over HTTP (authorization code with PKCE, the login form, the code exchanged
 * for tokens). Goal: ≥ 0.9× the plain realm. Then the My Number tier's login (password and a
 * user-verified WebAuthn authenticator, Mamori's tier flow) against a plain password + WebAuthn
 * flow, and variants of Mamori's realm with one addition taken away at a time, each measured next
 * to the full realm, to name what each addition costs. Windows alternate between the two sides.
 *
 * <p>Arguments: workers (4), users per realm (200), seconds per window (10), rounds (3).
 */
public final class LoginsBench {

  private LoginsBench() {}

  static final String MAMORI = "bench-staff";
  static final String PLAIN = "bench-plain";

  /** An LGWAN-tier system of the shipped policy: the realm's browser flow, password only. */
  static final String LGWAN_SYSTEM = "groupware";

  /** A My Number-tier system of the shipped policy: Mamori's tier flow. */
  static final String MYNUMBER_SYSTEM = "juki";

  static final String PASSWORD = "Sakura-Michi-2027x";
  static final double GOAL = 0.9;

  public static void main(String[] args) throws Exception {
    int workers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int userCount = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Duration window = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.printf(
        "%n== Logins benchmark: %d workers, %d users per realm, %d rounds of %d s per side ==%n",
        workers, userCount, rounds, window.toSeconds());
    Policy policy = PolicyLoader.loadDefault();
    ConsoleClient console =
        new ConsoleClient(
            "mamori-console", "bench-secret-0123456789", "http://localhost:1", "mamori-api");
    Path home = EmbeddedKeycloak.homeFromEnvironment();
    System.out.printf("Keycloak: %s%n", BenchKeycloak.database());
    try (BenchKeycloak started = BenchKeycloak.start(home);
        Keycloak admin = started.keycloak().adminClient()) {
      // Mamori's staff realm, as the service configures it (the systems registered in between, as
      // MyNumberLoginIT does: the second configuration binds the My Number system to its flow)
      KeycloakRealmConfigurator configurator = new KeycloakRealmConfigurator(admin, MAMORI);
      configurator.configure(policy, console);
      RealmResource mamori = admin.realm(MAMORI);
      LoginRealms.publicClient(mamori, LGWAN_SYSTEM);
      LoginRealms.publicClient(mamori, MYNUMBER_SYSTEM);
      configurator.configure(policy, console);
      List<RealmDrift> drift = configurator.drift(policy);
      if (!drift.isEmpty()) {
        throw new IllegalStateException("expected Mamori's realm as configured, found " + drift);
      }
      String mamoriPolicy = mamori.toRepresentation().getPasswordPolicy();
      String hashing = LoginRealms.hashingTerms(mamoriPolicy);

      // The plain realm: Keycloak's defaults and the same hashing terms, nothing else.
      RealmRepresentation plainRep = new RealmRepresentation();
      plainRep.setRealm(PLAIN);
      plainRep.setEnabled(true);
      plainRep.setPasswordPolicy(hashing.isEmpty() ? null : hashing);
      plainRep.setWebAuthnPolicyUserVerificationRequirement("required");
      admin.realms().create(plainRep);
      RealmResource plain = admin.realm(PLAIN);
      LoginRealms.publicClient(plain, LGWAN_SYSTEM);
      LoginRealms.publicClient(plain, MYNUMBER_SYSTEM);
      LoginRealms.bindBrowserFlow(plain, MYNUMBER_SYSTEM, LoginRealms.plainMfaFlow(plain));
      LoginRealms.requiredAction(plain, "webauthn-register", true);

      List<String> usernames =
          IntStream.range(0, userCount).mapToObj(i -> String.format("bench-%04d", i)).toList();
      String tierGroup =
          "section-" + policy.tier(Tier.MYNUMBER).allowedSections().iterator().next();
      long t0 = System.nanoTime();
      LoginRealms.users(mamori, usernames, PASSWORD, tierGroup, workers);
      LoginRealms.users(plain, usernames, PASSWORD, null, workers);
      System.out.printf(
          "Users: %d in each realm (non-temporary passwords; Mamori's in %s) in %,.0f ms%n",
          userCount, tierGroup, (System.nanoTime() - t0) / 1e6);
      String mamoriHash = LoginRealms.storedHashing(mamori, usernames.getFirst());
      String plainHash = LoginRealms.storedHashing(plain, usernames.getFirst());
      System.out.printf(
          "Mamori's password policy: %s%n  hashing terms: %s; stored hashes: Mamori %s, plain %s%n",
          mamoriPolicy,
          hashing.isEmpty() ? "none (Keycloak's default)" : hashing,
          mamoriHash,
          plainHash);
      if (!mamoriHash.equals(plainHash)) {
        throw new IllegalStateException(
            "expected the same password hashing in both realms, found Mamori "
                + mamoriHash
                + ", plain "
                + plainHash);
      }

      LoginRuns runs = new LoginRuns(started.keycloak().baseUrl(), PASSWORD, workers);
      List<LoginRuns.Person> passwordOnly =
          usernames.stream().map(u -> new LoginRuns.Person(u, null)).toList();
      Predicate<String> anyToken = claims -> claims.contains("\"sub\"");

      // 1. Password logins, an LGWAN-tier system: plain vs Mamori, windows alternating.
      // Keycloak's throughput climbs for minutes after its start (its code compiled as it runs):
      // both realms are warmed up for as many windows as are measured, alternating.
      Duration warmUp = window;
      for (int r = 0; r < rounds; r++) {
        runs.window(PLAIN, LGWAN_SYSTEM, passwordOnly, warmUp, anyToken);
        runs.window(MAMORI, LGWAN_SYSTEM, passwordOnly, warmUp, anyToken);
      }
      LoginRuns.Result plainTotal = LoginRuns.Result.empty();
      LoginRuns.Result mamoriTotal = LoginRuns.Result.empty();
      for (int r = 1; r <= rounds; r++) {
        LoginRuns.Result p = runs.window(PLAIN, LGWAN_SYSTEM, passwordOnly, window, anyToken);
        LoginRuns.Result m = runs.window(MAMORI, LGWAN_SYSTEM, passwordOnly, window, anyToken);
        System.out.printf(
            "  round %d: plain %,.1f/s, Mamori %,.1f/s = %.2fx; server CPU per login plain %.1f ms,"
                + " Mamori %.1f ms%n",
            r,
            p.perSecond(),
            m.perSecond(),
            m.perSecond() / p.perSecond(),
            p.serverCpuMsPerLogin(),
            m.serverCpuMsPerLogin());
        plainTotal = plainTotal.plus(p);
        mamoriTotal = mamoriTotal.plus(m);
      }
      double ratio = mamoriTotal.perSecond() / plainTotal.perSecond();
      System.out.printf("Password logins, plain realm : %s%n", plainTotal.describe());
      System.out.printf("Password logins, Mamori realm: %s%n", mamoriTotal.describe());
      System.out.printf(
          "  ratio Mamori / plain %.2fx (goal >= %.1fx) %s; server CPU per login %.2fx the plain"
              + " realm's%n",
          ratio,
          GOAL,
          ratio >= GOAL ? "PASS" : "FAIL",
          mamoriTotal.serverCpuMsPerLogin() / plainTotal.serverCpuMsPerLogin());

      // 2. My Number tier: password + user-verified WebAuthn. Each user's first login registers a
      // software authenticator through Keycloak's own registration page.
      List<LoginRuns.Person> mamoriKeys = withAuthenticators(usernames);
      List<LoginRuns.Person> plainKeys = withAuthenticators(usernames);
      long t1 = System.nanoTime();
      runs.once(MAMORI, MYNUMBER_SYSTEM, mamoriKeys);
      runs.once(PLAIN, MYNUMBER_SYSTEM, plainKeys);
      System.out.printf(
          "My Number tier: %d authenticators registered in each realm by first logins in %,.0f ms%n",
          userCount, (System.nanoTime() - t1) / 1e6);
      Predicate<String> mfa =
          claims -> claims.contains("\"acr\":\"" + KeycloakTierFlows.ACR_MFA + "\"");
      runs.window(PLAIN, MYNUMBER_SYSTEM, plainKeys, warmUp, anyToken);
      runs.window(MAMORI, MYNUMBER_SYSTEM, mamoriKeys, warmUp, mfa);
      LoginRuns.Result plainMfa = LoginRuns.Result.empty();
      LoginRuns.Result mamoriMfa = LoginRuns.Result.empty();
      for (int r = 1; r <= rounds; r++) {
        plainMfa = plainMfa.plus(runs.window(PLAIN, MYNUMBER_SYSTEM, plainKeys, window, anyToken));
        mamoriMfa = mamoriMfa.plus(runs.window(MAMORI, MYNUMBER_SYSTEM, mamoriKeys, window, mfa));
      }
      System.out.printf(
          "My Number logins, plain password+WebAuthn flow: %s%n", plainMfa.describe());
      System.out.printf(
          "My Number logins, Mamori's tier flow (acr=mfa): %s%n", mamoriMfa.describe());
      System.out.printf(
          "  ratio Mamori / plain %.2fx (server CPU per login %.2fx); My Number / password logins in"
              + " Mamori's realm %.2fx%n",
          mamoriMfa.perSecond() / plainMfa.perSecond(),
          mamoriMfa.serverCpuMsPerLogin() / plainMfa.serverCpuMsPerLogin(),
          mamoriMfa.perSecond() / mamoriTotal.perSecond());

      // 3. What each addition costs: Mamori's realm with one addition taken away, measured next to
      // the full realm (restored by Mamori's configurator between the two).
      Runnable restore = () -> configurator.configure(policy, console);
      List<Variant> variants =
          List.of(
              new Variant(
                  "events not stored (login and admin events off)",
                  m ->
                      settings(
                          m,
                          s -> {
                            s.setEventsEnabled(false);
                            s.setAdminEventsEnabled(false);
                          })),
              new Variant(
                  "Mamori's lockout event listener off",
                  m ->
                      settings(
                          m,
                          s -> {
                            Set<String> listeners = new LinkedHashSet<>(s.getEventsListeners());
                            listeners.remove("mamori-lockout-sessions");
                            s.setEventsListeners(new ArrayList<>(listeners));
                          })),
              new Variant(
                  "blocklist password policy off",
                  m ->
                      settings(
                          m,
                          s ->
                              s.setPasswordPolicy(
                                  s.getPasswordPolicy()
                                      .replace(" and mamoriBlocklist(realm)", "")))),
              new Variant(
                  "every password rule off (hashing terms only)",
                  m -> settings(m, s -> s.setPasswordPolicy(hashing))),
              new Variant(
                  "brute-force protection off",
                  m -> settings(m, s -> s.setBruteForceProtected(false))),
              new Variant(
                  "temporary-password expiry action off",
                  m -> LoginRealms.requiredAction(m, "mamori-temporary-password-expiry", false)),
              new Variant(
                  "sections scope (groups, amr claims) off",
                  m ->
                      LoginRealms.defaultScope(
                          m, LGWAN_SYSTEM, KeycloakRealmConfigurator.SECTIONS_SCOPE, false)),
              new Variant(
                  "Japanese login pages off (internationalization)",
                  m -> settings(m, s -> s.setInternationalizationEnabled(false))));
      System.out.println(
          "Variants (password logins, LGWAN-tier system; each next to the full Mamori realm):");
      Duration settle = Duration.ofSeconds(Math.max(2, window.toSeconds() / 3));
      for (Variant v : variants) {
        // variant, full, full, variant: a drift of the machine's load hits both sides alike
        LoginRuns.Result without = LoginRuns.Result.empty();
        LoginRuns.Result full = LoginRuns.Result.empty();
        for (boolean variantFirst : new boolean[] {true, false}) {
          for (boolean variant :
              variantFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
            if (variant) {
              v.change().accept(mamori);
            } else {
              restore.run();
              LoginRealms.defaultScope(
                  mamori, LGWAN_SYSTEM, KeycloakRealmConfigurator.SECTIONS_SCOPE, true);
            }
            runs.window(MAMORI, LGWAN_SYSTEM, passwordOnly, settle, anyToken);
            LoginRuns.Result r = runs.window(MAMORI, LGWAN_SYSTEM, passwordOnly, window, anyToken);
            if (variant) {
              without = without.plus(r);
            } else {
              full = full.plus(r);
            }
          }
        }
        restore.run();
        LoginRealms.defaultScope(
            mamori, LGWAN_SYSTEM, KeycloakRealmConfigurator.SECTIONS_SCOPE, true);
        variant(v.name(), without, full, "");
      }
      System.out.println(
          "  (Mamori's own flow is bound only to My Number-tier systems: LGWAN-tier password logins"
              + " already use Keycloak's built-in browser flow)");
      // Mamori's tier flow replaced by the plain password + WebAuthn flow, My Number logins.
      String plainFlowInMamori = LoginRealms.plainMfaFlow(mamori);
      LoginRuns.Result plainFlow = LoginRuns.Result.empty();
      LoginRuns.Result tierFlow = LoginRuns.Result.empty();
      for (boolean variant : new boolean[] {true, false, false, true}) {
        if (variant) {
          LoginRealms.bindBrowserFlow(mamori, MYNUMBER_SYSTEM, plainFlowInMamori);
        } else {
          restore.run();
        }
        Predicate<String> check = variant ? anyToken : mfa;
        runs.window(MAMORI, MYNUMBER_SYSTEM, mamoriKeys, settle, check);
        LoginRuns.Result r = runs.window(MAMORI, MYNUMBER_SYSTEM, mamoriKeys, window, check);
        if (variant) {
          plainFlow = plainFlow.plus(r);
        } else {
          tierFlow = tierFlow.plus(r);
        }
      }
      restore.run();
      variant("tier flow replaced by plain password+WebAuthn", plainFlow, tierFlow, " (My Number)");
      List<RealmDrift> after = configurator.drift(policy);
      if (!after.isEmpty()) {
        throw new IllegalStateException("expected Mamori's realm restored, found " + after);
      }
    }
  }

  private static void variant(
      String name, LoginRuns.Result without, LoginRuns.Result full, String note) {
    System.out.printf(
        "  %-48s %5.1f/s vs full %5.1f/s = %.2fx; server CPU %5.1f vs %5.1f ms/login, saves %+.1f"
            + " ms%s%n",
        name,
        without.perSecond(),
        full.perSecond(),
        without.perSecond() / full.perSecond(),
        without.serverCpuMsPerLogin(),
        full.serverCpuMsPerLogin(),
        full.serverCpuMsPerLogin() - without.serverCpuMsPerLogin(),
        note);
  }

  /** One of Mamori's additions taken away from its realm. */
  private record Variant(String name, Consumer<RealmResource> change) {}

  private static void settings(RealmResource realm, Consumer<RealmRepresentation> change) {
    RealmRepresentation settings = realm.toRepresentation();
    change.accept(settings);
    realm.update(settings);
  }

  private static List<LoginRuns.Person> withAuthenticators(List<String> usernames) {
    return usernames.stream()
        .map(u -> new LoginRuns.Person(u, new SoftwareAuthenticator()))
        .toList();
  }
}
