package jp.mamori.authz.stepup;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import jp.mamori.webauthn.StoredCredential;

/**
 * One of a person's step-up authenticators as the step-up page ({@code step-up.html}) lists it.
 *
 * @param credentialId the credential's ID, base64url (the address of its "lost" form)
 * @param label the person's name for it
 * @param state {@link StoredCredential.State}'s name
 * @param stateJa the state for people, Japanese and English
 * @param registeredAt when registered, Japan time
 */
record StepUpKeyRow(
    String credentialId, String label, String state, String stateJa, String registeredAt) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(ZoneId.of("Asia/Tokyo"));

  static StepUpKeyRow of(StoredCredential c) {
    return new StepUpKeyRow(
        c.credentialId().getBase64Url(),
        c.label(),
        c.state().name(),
        switch (c.state()) {
          case ACTIVE -> "利用可 / in use";
          case SUSPENDED -> "停止中 / suspended";
          case RETIRED -> "交換済み / retired";
        },
        TIME.format(c.registeredAt()));
  }
}
