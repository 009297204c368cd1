package jp.mamori.webauthn;

import com.yubico.webauthn.data.AuthenticatorDataFlags;
import java.util.Optional;

/**
 * The backup flags of a credential (WebAuthn Level 3 §6.1: BE, backup eligible; BS, backed up) in
 * Mamori's step-up: what Yubico's library already refuses, and what Mamori decides on top (MF-2).
 *
 * <p>Refused by Yubico's library (webauthn-server-core 2.9.0, pinned by {@code
 * YubicoBackupFlagsTest}), and here only named in Mamori's refusal model, never checked again:
 *
 * <ul>
 *   <li>BS=1 with BE=0, at registration and at assertion: {@code AuthenticatorDataFlags} throws
 *       while the response is parsed → {@link Refusal#BACKUP_FLAGS_INVALID} ({@link
 *       #invalidFlags});
 *   <li>an assertion whose BE differs from the one recorded for the credential: {@code
 *       finishAssertion} fails ("backup eligibility must not change") — but only when the
 *       credential handed to the library carries its BE, which is why Mamori records it → {@link
 *       Refusal#BACKUP_ELIGIBILITY_CHANGED} ({@link #eligibilityChanged}). The library checks this
 *       before the signature, so such a refusal proves nothing about the key: it changes no state
 *       and raises no alert.
 * </ul>
 *
 * <p>Mamori's own policy, applied only to responses the library has verified: a backup-eligible
 * credential is refused unless {@link RelyingPartySettings#acceptBackupEligible()} (default:
 * refused — a synced passkey is not "this terminal's authenticator"), and a credential seen backed
 * up (BS=1) where Mamori had recorded it not backed up is reported ({@link
 * AuthenticatorEvents.Kind#BACKED_UP}) and, under that default, refused as {@link
 * Refusal#CREDENTIAL_BACKED_UP}.
 *
 * <p>The flags of a registration with attestation "none" are the client's claim; recording BE makes
 * that claim binding, since every later assertion signs its flags and the library refuses a
 * different BE.
 */
final class BackupRules {

  private final boolean acceptBackupEligible;

  BackupRules(boolean acceptBackupEligible) {
    this.acceptBackupEligible = acceptBackupEligible;
  }

  /**
   * The policy's refusal of a verified registration's or assertion's flags, if any.
   *
   * @param backedUpSince the credential was seen backed up where Mamori had recorded it not backed
   *     up ({@link #backedUpSince}); always false at registration
   */
  Optional<Refusal> refusal(BackupFlags seen, boolean backedUpSince) {
    if (acceptBackupEligible || !seen.eligible()) {
      return Optional.empty();
    }
    return Optional.of(backedUpSince ? Refusal.CREDENTIAL_BACKED_UP : Refusal.BACKUP_ELIGIBLE);
  }

  /** Why the policy refused: what was found and which setting decides. */
  static String detail(BackupFlags seen) {
    return "expected a device-bound credential (BE=0), found "
        + seen
        + "; accepted only with mamori.step-up.accept-backup-eligible=true";
  }

  /**
   * Whether a verified assertion shows the credential backed up where Mamori had recorded it not
   * backed up (BS 0 → 1). Nothing is known of a credential whose flags were never recorded.
   */
  static boolean backedUpSince(Optional<BackupFlags> recorded, BackupFlags seen) {
    return seen.backedUp() && recorded.isPresent() && !recorded.get().backedUp();
  }

  /**
   * The library's words, when it refused to parse a response because its flags say BS=1 with BE=0:
   * the failure, or one of its causes, is an {@code IllegalArgumentException} thrown by {@link
   * AuthenticatorDataFlags}'s constructor (matched on the class that threw it, not on its wording).
   * Empty when the response was malformed in another way.
   */
  static Optional<String> invalidFlags(Throwable parseFailure) {
    Throwable t = parseFailure;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) { // bounded: cycles
      StackTraceElement[] frames = t.getStackTrace();
      if (t instanceof IllegalArgumentException
          && frames.length > 0
          && frames[0].getClassName().equals(AuthenticatorDataFlags.class.getName())) {
        return Optional.of("expected BS=0 when BE=0, found: " + t.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * When the library refused an assertion, whether the refusal is explained by a BE different from
   * the one recorded (which the library checks when given the recorded BE): expected and found.
   */
  @SuppressWarnings("deprecation") // Yubico marks BE/BS experimental; the flags are WebAuthn L3's
  static Optional<String> eligibilityChanged(
      Optional<BackupFlags> recorded, AuthenticatorDataFlags seen) {
    if (recorded.isEmpty() || recorded.get().eligible() == seen.BE) {
      return Optional.empty();
    }
    return Optional.of(
        "expected BE="
            + (recorded.get().eligible() ? 1 : 0)
            + " as recorded at registration, found BE="
            + (seen.BE ? 1 : 0));
  }
}
