package jp.mamori.authz.report;

import java.util.List;

/**
 * A report run as JSON ({@code GET /api/reports/{id}}); every member is written, null or not.
 *
 * @param id the report's ID
 * @param titleJa the title in Japanese
 * @param titleEn the title in English
 * @param requirementIds the requirements the report is evidence for
 * @param generatedAt when it was run (ISO-8601 instant, as {@link java.time.Instant#toString()})
 * @param scopeJa what it covers, in Japanese
 * @param scopeEn what it covers, in English
 * @param columns the column headings in both languages
 * @param rows the rows: cells (one per column) and the requirement IDs each is evidence for
 */
record ReportDocument(
    String id,
    String titleJa,
    String titleEn,
    List<String> requirementIds,
    String generatedAt,
    String scopeJa,
    String scopeEn,
    List<Report.Column> columns,
    List<Report.Row> rows) {

  static ReportDocument of(Report r) {
    return new ReportDocument(
        r.id(),
        r.titleJa(),
        r.titleEn(),
        r.requirementIds(),
        r.generatedAt().toString(),
        r.scopeJa(),
        r.scopeEn(),
        r.columns(),
        r.rows());
  }
}
