package jp.mamori.authz.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain.ClockStep;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.policy.Enforces;

/**
 * AU-6: the servers that keep access records agree on the time. Compares this service's clock with
 * Keycloak's (its admin API's server time, to the second, taken at the middle of the request) and
 * PostgreSQL's ({@code clock_timestamp()}); a difference beyond the limit raises the alert {@code
 * CLOCK_SKEW}, which is resolved once they agree again. A step back of this server's own clock
 * between two audit events is recorded by the audit log and raises {@code CLOCK_STEPPED_BACK}
 * ({@link #alerting}).
 */
@Enforces(
    value = {"AU-6"},
    ja = "このサーバーと Keycloak・PostgreSQL の時刻差を確認し、許容を超えたら警告する",
    en =
        "Compares this server's clock with Keycloak's and PostgreSQL's and alerts beyond the limit")
class ClockCheck {

  /** One comparison: the other server, its offset from this clock, whether within the limit. */
  public record Offset(String server, Duration offset, boolean within) {}

  private final AuditStores store;
  private final Alerts alerts;
  private final Optional<Supplier<String>> keycloakTime;
  private final Duration limit;
  private final Clock clock;

  /**
   * @param keycloakTime Keycloak's server time as its admin API reports it (server info, {@code
   *     systemInfo.serverTime}, to the second)
   * @param limit the largest difference accepted; the one-second resolution of Keycloak's answer is
   *     allowed for on top of it
   */
  public ClockCheck(
      AuditStores store,
      Alerts alerts,
      Optional<Supplier<String>> keycloakTime,
      Duration limit,
      Clock clock) {
    this.store = store;
    this.alerts = alerts;
    this.keycloakTime = keycloakTime;
    this.limit = limit;
    this.clock = clock;
  }

  /**
   * AU-6: raises the alert {@code CLOCK_STEPPED_BACK} for an event recorded earlier than the one
   * before it (the audit log calls this in the transaction of the event, which it keeps as it is).
   * One alert stays open for all steps until an administrator resolves it; each step is in the
   * chain as its own {@code CLOCK_STEPPED_BACK} event.
   */
  public static Consumer<ClockStep> alerting(Alerts alerts) {
    return step ->
        alerts.raise(
            "CLOCK_STEPPED_BACK",
            "clock",
            new Bilingual(
                "このサーバーの時刻が戻りました: 監査ログのイベント "
                    + step.seq()
                    + " ("
                    + step.at()
                    + ") は直前のイベント "
                    + step.previousSeq()
                    + " ("
                    + step.previousAt()
                    + ") より "
                    + step.back()
                    + " 前です。NTP を確認してください",
                "This server's clock stepped back: audit event "
                    + step.seq()
                    + " at "
                    + step.at()
                    + " is "
                    + step.back()
                    + " earlier than event "
                    + step.previousSeq()
                    + " at "
                    + step.previousAt()
                    + ": check NTP"),
            "AU-6");
  }

  /**
   * Keycloak's {@code serverTime}: {@code java.util.Date#toString()}, e.g. Thu Dec 03 06:30:00 UTC
   * 2026.
   */
  static Instant parseServerTime(String text) {
    return ZonedDateTime.parse(
            text, DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ENGLISH))
        .toInstant();
  }

  /** Measures every server; raises or resolves the alert; returns the offsets measured. */
  public List<Offset> check() {
    List<Offset> offsets = new ArrayList<>();
    Instant before = clock.instant();
    Instant database = store.databaseTime();
    Instant after = clock.instant();
    offsets.add(offset("PostgreSQL", database, before, after, Duration.ZERO));
    keycloakTime.ifPresent(time -> {
      try {
        Instant sent = clock.instant();
        String text = time.get();
        Instant received = clock.instant();
        offsets.add(
            offset("Keycloak", parseServerTime(text), sent, received, Duration.ofSeconds(1)));
      } catch (RuntimeException e) {
        // an unreachable Keycloak is the health check's business, not a clock difference
      }
    });
    List<Offset> off = offsets.stream().filter(o -> !o.within()).toList();
    if (off.isEmpty()) {
      alerts.resolve("CLOCK_SKEW", "clock", "mamori");
    } else {
      Offset worst = off.getFirst();
      alerts.raise(
          "CLOCK_SKEW",
          "clock",
          new Bilingual(
              worst.server()
                  + " の時刻がこのサーバーと "
                  + worst.offset().toMillis()
                  + " ms ずれています (許容 "
                  + limit.toMillis()
                  + " ms)。NTP を確認してください",
              worst.server()
                  + "'s clock is "
                  + worst.offset().toMillis()
                  + " ms off this server's (limit "
                  + limit.toMillis()
                  + " ms): check NTP"),
          "AU-6");
    }
    return offsets;
  }

  private Offset offset(
      String server, Instant theirs, Instant before, Instant after, Duration resolution) {
    Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
    Duration offset = Duration.between(middle, theirs);
    // the other server's reading lies within [theirs, theirs + resolution) and ours within
    // [before, after]: only a difference that cannot be explained by either counts
    Duration slack = Duration.between(before, after).dividedBy(2).plus(resolution);
    boolean within = offset.abs().compareTo(limit.plus(slack)) <= 0;
    return new Offset(server, offset, within);
  }
}
