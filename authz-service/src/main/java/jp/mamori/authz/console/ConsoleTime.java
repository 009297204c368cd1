package jp.mamori.authz.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Times on the console, in Japan's time as people read them (records keep UTC): {@code
 * ${@when.jst(instant)}} in a template.
 */
@Component("when")
class ConsoleTime {

  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** {@code 2027-04-01 09:30} (JST), or an empty string for null. */
  public String jst(Instant at) {
    return at == null ? "" : MINUTES.format(at.atZone(JAPAN));
  }

  /** As {@link #jst(Instant)}, for an optional time. */
  public String jst(java.util.Optional<Instant> at) {
    return at == null ? "" : at.map(this::jst).orElse("");
  }
}
