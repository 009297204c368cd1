package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sensitive operation that a step-up authorises: what is approved is what is executed. Its digest
 * is part of the WebAuthn challenge, so the authenticator's signature covers this very operation
 * (approving request 42 cannot be replayed to approve request 43, nor to reveal a password).
 *
 * @param kind what is done, e.g. {@code privileged-checkout.approve}
 * @param subject what it is done to, e.g. {@code checkout-request/42}
 * @param details the parameters that must not change between approval and execution (duration,
 *     account, reason code …), compared exactly
 */
public record Operation(String kind, String subject, SortedMap<String, String> details) {

  public Operation {
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("operation kind: expected a name, found none");
    }
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("operation " + kind + ": expected a subject, found none");
    }
    details = details == null ? new TreeMap<>() : new TreeMap<>(details);
  }

  public static Operation of(String kind, String subject, Map<String, String> details) {
    return new Operation(kind, subject, new TreeMap<>(details));
  }

  /**
   * Enrolling another authenticator for {@code username}: the step-up an existing key must pass
   * before a registration can start ({@link Enrolment.ByExistingKey}).
   */
  public static Operation enrolment(String username) {
    return new Operation("step-up-key.enrol", "user/" + username, new TreeMap<>());
  }

  @Override
  public SortedMap<String, String> details() {
    return new TreeMap<>(details);
  }

  /** SHA-256 over a length-prefixed encoding of kind, subject and the sorted details. */
  public ByteArray digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      field(sha, "mamori-operation-v1");
      field(sha, kind);
      field(sha, subject);
      for (Map.Entry<String, String> e : details.entrySet()) {
        field(sha, e.getKey());
        field(sha, e.getValue() == null ? "" : e.getValue());
      }
      return new ByteArray(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private static void field(MessageDigest sha, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}
