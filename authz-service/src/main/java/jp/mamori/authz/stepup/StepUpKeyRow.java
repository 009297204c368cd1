package jp.mamori.authz.stepup;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import jp.mamori.webauthn.StoredCredential;

/**
 * One of a person's step-up authenticators as the step-up page ({@code step-up.html}) lists it: the
 * API's {@link StepUpAuthenticatorView} (the page reads its ID, label and state as {@code k.api.…})
 * with the state in Japanese and English and the time in Japan time, where the API writes Japanese
 * and ISO-8601.
 *
 * @param api the authenticator as the API shows it
 * @param stateJa the state for people, Japanese and English
 * @param registeredAt when registered, Japan time
 */
record StepUpKeyRow(StepUpAuthenticatorView api, String stateJa, String registeredAt) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(ZoneId.of("Asia/Tokyo"));

  static StepUpKeyRow of(StoredCredential c) {
    String state =
        switch (c.state()) {
          case ACTIVE -> "利用可 / in use";
          case SUSPENDED -> "停止中 / suspended";
          case RETIRED -> "交換済み / retired";
        };
    return new StepUpKeyRow(StepUpAuthenticatorView.of(c), state, TIME.format(c.registeredAt()));
  }
}
