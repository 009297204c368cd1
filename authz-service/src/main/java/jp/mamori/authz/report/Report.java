package jp.mamori.authz.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One report for self-inspection and audits (GV-6): a title in both languages, the requirements it
 * evidences, columns in both languages, and rows — each citing the requirement IDs it is evidence
 * for. An empty report is a finding too ("none found"), never an error.
 *
 * @param id the report's name in URLs, e.g. {@code orphans}
 * @param scopeJa what was examined, e.g. the period or the sources read
 */
record Report(
    String id,
    String titleJa,
    String titleEn,
    List<String> requirementIds,
    Instant generatedAt,
    String scopeJa,
    String scopeEn,
    List<Column> columns,
    List<Row> rows) {

  public Report {
    Objects.requireNonNull(id, "id");
    requirementIds = List.copyOf(requirementIds);
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (Row r : rows) {
      if (r.cells().size() != columns.size()) {
        throw new IllegalArgumentException(
            "report "
                + id
                + ": expected "
                + columns.size()
                + " cells per row; found "
                + r.cells().size());
      }
    }
  }

  /** A column heading in both languages. */
  public record Column(String ja, String en) {}

  /** One row: its cells, and the requirement IDs it is evidence for. */
  public record Row(List<String> cells, List<String> requirementIds) {
    public Row {
      cells = cells.stream().map(c -> c == null ? "" : c).toList();
      requirementIds = List.copyOf(requirementIds);
    }
  }

  public String title(boolean english) {
    return english ? titleEn : titleJa;
  }

  public String scope(boolean english) {
    return english ? scopeEn : scopeJa;
  }
}
