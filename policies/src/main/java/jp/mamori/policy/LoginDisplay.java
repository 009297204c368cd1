package jp.mamori.policy;

import java.util.List;
import java.util.Objects;

/**
 * The message staff see at login (8-(2)-⑧ ログイン時におけるメッセージ): that the system is for authorised use
 * only and that use is recorded. Shown in both languages.
 *
 * @param messageJa the message in Japanese, 1–1000 characters; surrounding white space (such as the
 *     final line break of a YAML block) is removed
 * @param messageEn the message in English, 1–1000 characters, likewise
 */
public record LoginDisplay(String messageJa, String messageEn) implements Rule {

  static final int MAX_MESSAGE_LENGTH = 1000;

  /**
   * @throws IllegalArgumentException if a message is empty or too long
   */
  public LoginDisplay {
    messageJa = Objects.requireNonNull(messageJa, "login.messageJa").strip();
    messageEn = Objects.requireNonNull(messageEn, "login.messageEn").strip();
    Checks.requireTexts("login.messageJa", List.of(messageJa), 1, MAX_MESSAGE_LENGTH);
    Checks.requireTexts("login.messageEn", List.of(messageEn), 1, MAX_MESSAGE_LENGTH);
  }

  /** LG-1 (ログイン時におけるメッセージ). */
  @Override
  public List<String> requirementIds() {
    return List.of("LG-1");
  }
}
