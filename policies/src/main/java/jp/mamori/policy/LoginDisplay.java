package jp.mamori.policy;

import java.util.List;
import java.util.Objects;

/**
 * What staff see at login (8-(2)-⑧ ログイン時におけるメッセージ).
 *
 * @param messageJa the message in Japanese
 * @param messageEn the message in English
 */
public record LoginDisplay(String messageJa, String messageEn) implements Rule {

  public LoginDisplay {
    Objects.requireNonNull(messageJa, "messageJa");
    Objects.requireNonNull(messageEn, "messageEn");
  }

  @Override
  public List<String> requirementIds() {
    return List.of("LG-1");
  }
}
