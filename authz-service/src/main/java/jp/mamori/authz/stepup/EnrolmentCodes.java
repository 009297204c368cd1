package jp.mamori.authz.stepup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.webauthn.Enrolment;

/**
 * One-time enrolment codes for Mamori's step-up authenticators (MF-3): the identity-checked way to
 * a person's first authenticator, or to a replacement after a loss. Someone other than the person
 * checks who they are (another administrator with a step-up of their own, or the desk through the
 * command line, which needs access to the server) and issues a code; the person types it when
 * registering. Only the code's SHA-256 is kept; a code works once, for the person it was issued
 * for, within {@link #LIFETIME}. Issuing and redeeming are recorded in the audit chain, and a code
 * typed wrongly is recorded too (someone guessing).
 */
public final class EnrolmentCodes {

  /** How long an issued code can be redeemed: long enough to walk from the desk to a terminal. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  /** Letters that cannot be confused when read aloud or typed (no 0/O, 1/I/L). */
  private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

  /** 16 of 31 letters: 79 bits, guessed once per typed attempt, each attempt on record. */
  private static final int LENGTH = 16;

  private final EnrolmentCodeStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  EnrolmentCodes(EnrolmentCodeStore store, AuditLog audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** An issued code: shown once to the issuer, who hands it to the person. */
  public record Issued(long id, String username, String code, Instant expiresAt) {
    @Override
    public String toString() { // the code is a credential
      return "Issued[#" + id + " for " + username + " until " + expiresAt + "]";
    }
  }

  /**
   * Issues a code for {@code username}.
   *
   * @param issuer who checked the person's identity; never the person themselves
   * @throws IllegalArgumentException when the issuer is the person, or a reason is missing
   */
  public Issued issue(String username, String issuer, String reason) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("enrolment code: expected a username, found none");
    }
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("enrolment code: expected who issues it, found none");
    }
    if (issuer.strip().equalsIgnoreCase(username.strip())) {
      throw new IllegalArgumentException(
          "enrolment code for "
              + username
              + ": expected an issuer other than the person (another administrator or the desk),"
              + " found the person themselves / 本人は自分の登録コードを発行できません");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "enrolment code for " + username + ": expected a reason (how the identity was checked)");
    }
    String code = newCode();
    Instant now = clock.instant();
    Instant expires = now.plus(LIFETIME);
    long id =
        audit.recorded(
            () ->
                store.insert(
                    username.strip(), hash(code), issuer.strip(), reason.strip(), now, expires),
            created ->
                new AuditChain.Entry(
                    "STEP_UP_ENROLMENT_CODE_ISSUED",
                    issuer.strip(),
                    "staff/" + username.strip(),
                    AuditLog.detail(
                        Map.of(
                            "code", created,
                            "reason", reason.strip(),
                            "expiresAt", expires.toString())),
                    "MF-3"));
    return new Issued(id, username.strip(), code, expires);
  }

  /**
   * Redeems {@code code} for {@code username}: once, before it expires. The attempt is recorded
   * either way.
   *
   * @return the enrolment it authorises, or empty when the code is unknown, someone else's, used or
   *     expired (which of these is not told: the answer would help a guesser)
   */
  public Optional<Enrolment.ByGrant> redeem(String username, String code) {
    String normalised =
        code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
    Instant now = clock.instant();
    return audit.recorded(
        () -> store.redeem(username, hash(normalised), now),
        grant ->
            new AuditChain.Entry(
                grant.isPresent()
                    ? "STEP_UP_ENROLMENT_CODE_REDEEMED"
                    : "STEP_UP_ENROLMENT_CODE_REFUSED",
                username,
                "staff/" + username,
                AuditLog.detail(
                    grant
                        .<Map<String, Object>>map(
                            g -> Map.of("code", g.grantId(), "issuedBy", g.issuedBy()))
                        .orElse(Map.of("typed", normalised.length() + " characters"))),
                "MF-3"));
  }

  private String newCode() {
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return code.toString();
  }

  private static String hash(String code) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
