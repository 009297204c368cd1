package jp.mamori.authz.shared;

import java.util.Locale;
import java.util.Objects;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * A text for people, in Japanese first and in English: the console and the reports show {@link
 * #ja()} (and {@link #en()} where the reader chose English); the API's problems carry both.
 */
public record Bilingual(String ja, String en) {

  public Bilingual {
    Objects.requireNonNull(ja, "ja");
    Objects.requireNonNull(en, "en");
  }

  /**
   * Whether the person reading chose English (the console's language switch sets the request's
   * locale); Japanese otherwise.
   */
  public static boolean readerChoseEnglish() {
    return Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
  }

  /** Both, Japanese first: {@code "ja / en"}. */
  public String both() {
    return ja + " / " + en;
  }

  @Override
  public String toString() {
    return both();
  }
}
