package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.time.Instant;
import java.util.Optional;

/**
 * A ceremony started and not yet finished: its challenge, whose it is, what it authorises, and
 * until when. Used once.
 *
 * @param challenge the challenge sent to the browser (the key)
 * @param kind registration or step-up
 * @param username whose ceremony it is
 * @param requestJson the options sent, as Yubico's JSON (to verify the response against)
 * @param operationDigest for a step-up, the digest of the operation it authorises
 * @param expiresAt after this instant the response is refused
 * @param enrolment for a registration, how it was authorised ({@link Enrolment#describe()})
 */
public record PendingCeremony(
    ByteArray challenge,
    Kind kind,
    String username,
    String requestJson,
    Optional<ByteArray> operationDigest,
    Instant expiresAt,
    Optional<String> enrolment) {

  /** A ceremony that is not a registration (no enrolment). */
  public PendingCeremony(
      ByteArray challenge,
      Kind kind,
      String username,
      String requestJson,
      Optional<ByteArray> operationDigest,
      Instant expiresAt) {
    this(challenge, kind, username, requestJson, operationDigest, expiresAt, Optional.empty());
  }

  /** What a ceremony is for. */
  public enum Kind {
    REGISTRATION,
    STEP_UP
  }

  @Override
  public String toString() { // the options name the person's credentials; keep logs short
    return "PendingCeremony[" + kind + " for " + username + " until " + expiresAt + "]";
  }
}
