package jp.mamori.authz.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.authz.report.Report.Column;
import jp.mamori.authz.report.Report.Row;
import jp.mamori.hrsync.reconcile.TargetAccount;

/** How the reports write what they show: their frame, times, codes and states. */
final class ReportFormat {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  private final Clock clock;
  private final ZoneId zone;

  ReportFormat(Clock clock, ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
  }

  /** A report of the catalogue, generated now. */
  Report report(
      String id,
      List<String> requirements,
      String scopeJa,
      String scopeEn,
      List<Column> columns,
      List<Row> rows) {
    String[] titles = Reports.CATALOGUE.get(id);
    return new Report(
        id, titles[0], titles[1], requirements, clock.instant(), scopeJa, scopeEn, columns, rows);
  }

  static String code(String code) {
    try {
      return code + " (" + Sanctions.Code.valueOf(code).ja() + ")";
    } catch (IllegalArgumentException e) {
      return code;
    }
  }

  static String state(TargetAccount a) {
    return a.state().name() + a.stopReason().map(r -> " (" + r.ja() + ")").orElse("");
  }

  String time(Instant instant) {
    return TIME.format(instant.atZone(zone));
  }

  /**
   * A time as the inventory report has always printed its deadline: the JDBC driver's text of a
   * timestamp in the JVM's zone ({@code 2026-12-31 17:00:00.0}), kept so that the report reads as
   * before. (The other times of the reports are in the report's zone, {@link #time}.)
   */
  static String driverText(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
    String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return DRIVER_TIME.format(t) + "." + (nanos.isEmpty() ? "0" : nanos);
  }

  private static final DateTimeFormatter DRIVER_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }

  static String reasonOf(String detail) {
    if (detail == null || detail.isEmpty()) {
      return "";
    }
    try {
      tools.jackson.databind.JsonNode node =
          tools.jackson.databind.json.JsonMapper.shared().readTree(detail);
      for (String field : List.of("reason", "error", "detail", "ip")) {
        if (node.hasNonNull(field)) {
          return node.get(field).asString();
        }
      }
      return "";
    } catch (tools.jackson.core.JacksonException e) {
      return detail;
    }
  }
}
