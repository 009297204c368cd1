package jp.mamori.authz.privileged;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A checkout as the console's tables ({@code privileged.html}) show it: the API's {@link
 * CheckoutView} (the page reads its members as {@code c.api.…}) with the times written in Japan
 * time and the duration in minutes, where the API writes ISO-8601.
 *
 * @param api the checkout as the API shows it
 * @param expiresAt when it ends, Japan time, or null until taken
 * @param reportedAt when the emergency use was reported, Japan time, or null
 * @param duration how long, e.g. {@code 60 min}
 */
record CheckoutRow(CheckoutView api, String expiresAt, String reportedAt, String duration) {

  /** Times as the privileged pages show them. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(ZoneId.of("Asia/Tokyo"));

  /** The checkout as it stands at {@code now} (which decides {@code reportOverdue}). */
  static CheckoutRow of(Checkout c, Instant now) {
    return new CheckoutRow(
        CheckoutView.of(c, now),
        c.expiresAt().map(TIME::format).orElse(null),
        c.reportedAt().map(TIME::format).orElse(null),
        c.duration().toMinutes() + " min");
  }
}
