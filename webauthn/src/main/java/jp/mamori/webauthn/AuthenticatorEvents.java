package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;

/** Port: what happened to a person's authenticators, for the record and for alerts. */
public interface AuthenticatorEvents {

  /**
   * What is recorded. {@link #COUNTER_REGRESSION} is an alert for the information-system section.
   */
  enum Kind {
    REGISTERED,
    RETIRED,
    LOST,
    FOUND,
    COUNTER_REGRESSION,
    /**
     * A verified assertion reported the credential backed up (BS=1) where Mamori had recorded it
     * not backed up: a cloud account has copied the key since, so it may be on other devices.
     * Recorded whether or not the policy then accepts the assertion.
     */
    BACKED_UP
  }

  void record(Kind kind, String username, ByteArray credentialId, String detail);

  /** Records nothing (tests that do not look). */
  AuthenticatorEvents NONE = (kind, username, credentialId, detail) -> {};
}
