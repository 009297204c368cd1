package jp.mamori.bench;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.PublicKeyCredentialRequestOptions;
import com.yubico.webauthn.data.UserVerificationRequirement;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.webauthn.AuthenticatorEvents;
import jp.mamori.webauthn.Enrolment;
import jp.mamori.webauthn.InMemoryCeremonyStore;
import jp.mamori.webauthn.InMemoryCredentialStore;
import jp.mamori.webauthn.Operation;
import jp.mamori.webauthn.RegistrationOutcome;
import jp.mamori.webauthn.RelyingPartySettings;
import jp.mamori.webauthn.StepUpRelyingParty;
import jp.mamori.webauthn.StepUpResult;
import jp.mamori.webauthn.StoredCredential;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;

/**
 * Issue 5: step-up assertion verification by Mamori's relying party (operation binding, single-use
 * ceremony, checks, one credential lookup, counter) against a bare Yubico {@code finishAssertion}
 * with an in-memory credential repository, on the same assertions (same authenticator, same
 * challenges, same bytes). Goal: throughput ≥ 0.8× the bare call, and exactly one credential-store
 * lookup per assertion. Rounds alternate between the two so that drift of the machine hits both.
 */
public final class StepUpBench {

  private static final String ORIGIN = "https://mamori.example.lg.jp";
  private static final String RP_ID = "mamori.example.lg.jp";
  private static final int PER_ROUND = 2_000;
  private static final int ROUNDS = 7;

  private StepUpBench() {}

  public static void main(String[] args) throws Exception {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    StepUpRelyingParty mamori =
        new StepUpRelyingParty(
            new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN))),
            store,
            new InMemoryCeremonyStore(),
            AuthenticatorEvents.NONE,
            Clock.systemUTC(),
            Duration.ofMinutes(10),
            Set.of());
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    String created =
        ((StepUpRelyingParty.Start.Options)
                mamori.startRegistration(
                    "A00001", "職員 A00001", new Enrolment.ByGrant("1", "bench")))
            .json();
    RegistrationOutcome outcome =
        mamori.finishRegistration(
            "A00001",
            "鍵",
            key.register(SoftwareAuthenticator.challengeOf(created), ORIGIN, RP_ID, true));
    StoredCredential credential = ((RegistrationOutcome.Registered) outcome).credential();
    RelyingParty bare =
        RelyingParty.builder()
            .identity(
                new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN))).identity())
            .credentialRepository(new InMemoryRepository(credential))
            .origins(Set.of(ORIGIN))
            .build();

    System.out.println();
    System.out.println(
        "== Step-up assertion benchmark (issue 5): " + ROUNDS + " rounds of " + PER_ROUND + " ==");
    run(mamori, bare, key, store, credential, 1_000); // warm-up of both paths
    double[] ratios = new double[ROUNDS];
    double[] mamoriRates = new double[ROUNDS];
    double[] bareRates = new double[ROUNDS];
    long lookups = 0;
    for (int round = 0; round < ROUNDS; round++) {
      long before = store.lookups();
      double[] rates = run(mamori, bare, key, store, credential, PER_ROUND);
      lookups += store.lookups() - before;
      mamoriRates[round] = rates[0];
      bareRates[round] = rates[1];
      ratios[round] = rates[0] / rates[1];
    }
    Arrays.sort(ratios);
    Arrays.sort(mamoriRates);
    Arrays.sort(bareRates);
    double median = ratios[ROUNDS / 2];
    double perAssertion = (double) lookups / (ROUNDS * PER_ROUND);
    System.out.printf(
        "Step-up: Mamori %,.0f assertions/s; bare Yubico finishAssertion %,.0f/s; ratio %.2fx (median of %d rounds, range %.2f-%.2f; goal >= 0.8x) %s%n",
        mamoriRates[ROUNDS / 2],
        bareRates[ROUNDS / 2],
        median,
        ROUNDS,
        ratios[0],
        ratios[ROUNDS - 1],
        median >= 0.8 ? "PASS" : "FAIL");
    System.out.printf(
        "Step-up: credential-store lookups per assertion %.3f (goal: exactly 1) %s%n",
        perAssertion, perAssertion == 1.0 ? "PASS" : "FAIL");
  }

  /** One round: n assertions through each path; returns {mamori/s, bare/s}. */
  private static double[] run(
      StepUpRelyingParty mamori,
      RelyingParty bare,
      SoftwareAuthenticator key,
      InMemoryCredentialStore store,
      StoredCredential credential,
      int n)
      throws Exception {
    List<Operation> operations = new ArrayList<>(n);
    List<String> answers = new ArrayList<>(n);
    List<AssertionRequest> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Operation op =
          Operation.of(
              "privileged-checkout.approve", "checkout-request/" + i, Map.of("minutes", "60"));
      StepUpRelyingParty.Start start = mamori.startStepUp("A00001", op);
      ByteArray challenge =
          SoftwareAuthenticator.challengeOf(((StepUpRelyingParty.Start.Options) start).json());
      operations.add(op);
      answers.add(
          key.authenticate(
              challenge, SoftwareAuthenticator.Claims.honest(ORIGIN, RP_ID, "webauthn.get")));
      requests.add(
          AssertionRequest.builder()
              .publicKeyCredentialRequestOptions(
                  PublicKeyCredentialRequestOptions.builder()
                      .challenge(challenge)
                      .rpId(RP_ID)
                      .allowCredentials(
                          List.of(
                              PublicKeyCredentialDescriptor.builder()
                                  .id(credential.credentialId())
                                  .build()))
                      .userVerification(UserVerificationRequirement.REQUIRED)
                      .build())
              .username("A00001")
              .build());
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      var pkc = PublicKeyCredential.parseAssertionResponseJson(answers.get(i));
      if (!bare.finishAssertion(
              FinishAssertionOptions.builder().request(requests.get(i)).response(pkc).build())
          .isSuccess()) {
        throw new IllegalStateException("bare Yubico refused assertion " + i);
      }
    }
    double bareRate = n / ((System.nanoTime() - t0) / 1e9);
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      StepUpResult result = mamori.finishStepUp("A00001", operations.get(i), answers.get(i));
      if (!(result instanceof StepUpResult.Verified)) {
        throw new IllegalStateException("Mamori refused assertion " + i + ": " + result);
      }
    }
    double mamoriRate = n / ((System.nanoTime() - t1) / 1e9);
    return new double[] {mamoriRate, bareRate};
  }

  /** The baseline's repository: the one credential, in memory. */
  private record InMemoryRepository(StoredCredential c) implements CredentialRepository {
    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
      return Set.of(PublicKeyCredentialDescriptor.builder().id(c.credentialId()).build());
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String username) {
      return username.equals(c.username()) ? Optional.of(c.userHandle()) : Optional.empty();
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
      return userHandle.equals(c.userHandle()) ? Optional.of(c.username()) : Optional.empty();
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
      return lookupAll(credentialId).stream().findFirst();
    }

    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
      return credentialId.equals(c.credentialId())
          ? Set.of(
              RegisteredCredential.builder()
                  .credentialId(c.credentialId())
                  .userHandle(c.userHandle())
                  .publicKeyCose(c.publicKeyCose())
                  .signatureCount(0)
                  .build())
          : Set.of();
    }
  }
}
