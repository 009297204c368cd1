package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.util.Optional;

/** The outcome of a step-up assertion. */
public sealed interface StepUpResult {

  /** A fresh user-verified assertion for exactly this operation. */
  record Verified(
      String username, ByteArray credentialId, ByteArray operationDigest, long signCount)
      implements StepUpResult {}

  /**
   * Refused, with why and, where the library said more, its words.
   *
   * @param credentialId the credential concerned, when known (e.g. the one suspended)
   */
  record Refused(Refusal refusal, String detail, Optional<ByteArray> credentialId)
      implements StepUpResult {
    public static Refused of(Refusal refusal, String detail) {
      return new Refused(refusal, detail, Optional.empty());
    }
  }
}
