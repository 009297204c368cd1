package jp.mamori.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.Policy;
import jp.mamori.policy.PolicyLoader;
import jp.mamori.policy.Tier;
import jp.mamori.policy.TierRules;
import jp.mamori.policy.access.AccessPolicy;
import jp.mamori.policy.access.AccessRequest;

/**
 * In-process access decision (issue 5): p99 of {@link AccessPolicy#decide} against p99 of one bare
 * RS256 signature verification (SHA256withRSA, 2048-bit key, a token-sized input) measured in the
 * same run (goal ≤ 0.25×), and its growth from 10 to 10,000 systems and sections per tier (goal ≤
 * 2×).
 */
public final class AccessDecisionBench {

  private AccessDecisionBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("%n== Access decision benchmark (issue 5) ==%n");
    double verifyP99 = rs256VerifyP99();
    decideP99(10); // both sizes once before measuring: the JIT has compiled the decision
    decideP99(10_000);
    // Seven rounds, sizes alternating; the growth is the median of the rounds' own ratios, so
    // that a slow moment of the machine (±30 % here) falls on both sizes of one round.
    int rounds = 7;
    double[] smalls = new double[rounds];
    double[] larges = new double[rounds];
    double[] growths = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      smalls[round] = decideP99(10);
      larges[round] = decideP99(10_000);
      growths[round] = larges[round] / smalls[round];
    }
    Arrays.sort(smalls);
    Arrays.sort(larges);
    Arrays.sort(growths);
    double small = smalls[rounds / 2];
    double large = larges[rounds / 2];
    double growth = growths[rounds / 2];
    System.out.printf("bare RS256 verification: p99 %.1f µs%n", verifyP99);
    System.out.printf(
        "decision, 10 systems/sections per tier: p99 %.2f µs = %.3fx of the verification (goal <= 0.25x) %s%n",
        small, small / verifyP99, small / verifyP99 <= 0.25 ? "PASS" : "FAIL");
    System.out.printf(
        "decision, 10,000 systems/sections per tier: p99 %.2f µs = %.3fx (goal <= 0.25x) %s; growth %.2fx (median of %d rounds, range %.2f-%.2f; goal <= 2x) %s%n",
        large,
        large / verifyP99,
        large / verifyP99 <= 0.25 ? "PASS" : "FAIL",
        growth,
        rounds,
        growths[0],
        growths[rounds - 1],
        growth <= 2 ? "PASS" : "FAIL");
  }

  private static double rs256VerifyP99() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    byte[] input = new byte[900];
    Arrays.fill(input, (byte) 'a'); // header.payload of a typical Keycloak access token
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(keys.getPrivate());
    signer.update(input);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    int n = 20_000;
    long[] times = new long[n];
    for (int round = 0; round < 2; round++) { // the first round warms up
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        verifier.initVerify(keys.getPublic());
        verifier.update(input);
        if (!verifier.verify(signature)) {
          throw new IllegalStateException("signature did not verify");
        }
        times[i] = System.nanoTime() - t0;
      }
    }
    return p99(times) / 1000.0;
  }

  private static double decideP99(int size) {
    Policy shipped = PolicyLoader.loadDefault();
    Map<Tier, TierRules> tiers = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      TierRules r = shipped.tier(tier);
      Set<String> systems = new LinkedHashSet<>();
      Set<String> sections = new LinkedHashSet<>();
      for (int i = 0; i < size; i++) {
        systems.add(tier.name().toLowerCase(java.util.Locale.ROOT) + "-system-" + i);
        sections.add("S" + i);
      }
      tiers.put(
          tier,
          new TierRules(
              tier,
              sections,
              r.allowedRoles(),
              r.multiFactorRequired(),
              systems,
              r.stepUpMaxAge()));
    }
    Policy policy =
        new Policy(
            shipped.municipality(),
            shipped.password(),
            shipped.lockout(),
            shipped.temporaryPassword(),
            shipped.session(),
            shipped.login(),
            tiers,
            shipped.privileged(),
            shipped.lifecycle());
    AccessPolicy access = new AccessPolicy(policy);
    Instant now = Instant.parse("2027-04-01T01:00:00Z");
    AccessRequest[] requests = new AccessRequest[64];
    for (int i = 0; i < requests.length; i++) {
      requests[i] =
          new AccessRequest(
              new AccessRequest.Subject(
                  "1000" + i, Set.of("X" + i, "S" + (i * 97 % size)), Set.of(), true),
              new AccessRequest.Authentication(
                  Set.of("pwd", "webauthn"), true, now.minus(Duration.ofMinutes(3))),
              Optional.of(new AccessRequest.Terminal("T-" + i, Tier.MYNUMBER, true)),
              "mynumber-system-" + (i * 131 % size),
              now);
    }
    // Timed in groups of 512 decisions (one System.nanoTime pair costs about as much as a decision
    // here, and a timer tick a fifth of one); the p99 is over the groups' per-decision time. Groups
    // of 64 left the per-decision time in steps of a few nanoseconds and let one interrupt decide a
    // round: round ratios 0.7-5.0, medians 1.2-2.1 between runs; with 512, medians 1.5-1.6.
    int groups = 2_500;
    int group = 512;
    long[] times = new long[groups];
    int permits = 0;
    for (int round = 0; round < 2; round++) {
      permits = 0;
      for (int g = 0; g < groups; g++) {
        long t0 = System.nanoTime();
        for (int j = 0; j < group; j++) {
          if (access.decide(requests[j & 63]).permitted()) {
            permits++;
          }
        }
        times[g] = (System.nanoTime() - t0) / group;
      }
    }
    if (permits != groups * group) {
      throw new IllegalStateException(
          "expected every request permitted, found " + permits + " of " + groups * group);
    }
    return p99(times) / 1000.0;
  }

  private static double p99(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[(int) (sorted.length * 0.99)];
  }
}
