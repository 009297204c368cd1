package jp.mamori.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.util.List;

/** The outcome of registering an authenticator. */
public sealed interface RegistrationOutcome {

  /**
   * Registered; {@code retired} are the person's suspended credentials this one replaces (MF-3: on
   * replacement the old ones are all withdrawn); {@code enrolment} says how the registration was
   * authorised ({@link Enrolment#describe()}).
   */
  record Registered(StoredCredential credential, List<ByteArray> retired, String enrolment)
      implements RegistrationOutcome {}

  record Refused(Refusal refusal, String detail) implements RegistrationOutcome {}
}
