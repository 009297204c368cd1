package jp.mamori.hrsync.reconcile;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A staff member's authenticators at the identity provider (security keys, passkeys and IC cards;
 * MF-3): listed with their state, one suspended at once when reported lost, reinstated when found,
 * retired once replaced, an IC card registered by its certificate. The core owns this port;
 * Keycloak's implementation is {@code KeycloakAuthenticators}. Implementations never return null
 * and report failures as exceptions that say whether a retry can help.
 */
public interface AccountAuthenticators {

  /**
   * One authenticator.
   *
   * @param id the identity provider's credential ID, or an IC card's SHA-256 thumbprint ({@link
   *     #thumbprint})
   * @param type {@code webauthn}, {@code webauthn-passwordless} or {@code x509} (IC card)
   * @param label the name given at registration
   * @param createdAt when it was registered
   * @param suspended whether it is suspended (reported lost)
   */
  record Authenticator(
      String id, String type, String label, Optional<Instant> createdAt, boolean suspended) {}

  /**
   * An IC card's ID: the lower-case hex SHA-256 of its certificate's DER encoding (as Keycloak's
   * X.509 login computes it). A pure function, so that a feature can name a card before any call.
   *
   * @throws IllegalArgumentException if the certificate cannot be encoded
   */
  static String thumbprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("expected an encodable X.509 certificate", e);
    }
  }

  /** The user's ID at the identity provider for a username, if there is such a user. */
  Optional<String> userId(String username);

  /** The user's authenticators (security keys, then IC cards), suspended ones included. */
  List<Authenticator> list(String userId);

  /** Suspends one authenticator at once; idempotent. */
  void suspend(String userId, String credentialId);

  /** Reinstates a suspended authenticator; idempotent. */
  void reinstate(String userId, String credentialId);

  /** Deletes an authenticator (retired: replaced by a new one); one already gone is fine. */
  void retire(String userId, String credentialId);

  /** Ends every session of the user (a lost authenticator may have opened one). */
  void endSessions(String userId);

  /**
   * Registers an IC card by its certificate, which must be valid at {@code now} and not registered
   * to anyone else; registering a card the user already has changes nothing.
   *
   * @throws IllegalArgumentException what was expected of the certificate and what was found
   */
  Authenticator registerIcCard(String userId, X509Certificate certificate, Instant now);
}
