package jp.mamori.hrsync.hr;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HR export (人事データ CSV) into {@link StaffRecord}s, checking every row (GV-7).
 *
 * <p>The file is RFC 4180 CSV whose first non-blank record is the header; columns are found by the
 * headers of the {@link HrLayout}, in any order, and unknown columns are ignored. Values are
 * stripped of surrounding whitespace (including the full-width space) and blank lines are skipped.
 *
 * <p>Each data row is checked; a row with any problem is skipped and every problem it has is
 * reported as an {@link HrRowProblem}, and reading goes on with the next row. The checks:
 *
 * <ul>
 *   <li>the row has as many fields as the header, and its quoting is well formed;
 *   <li>no field contains control or format characters, undecodable bytes, or more than 200
 *       characters ("illegal strings are removed" — the row is refused rather than silently
 *       altered, and the value shown in the report has those characters stripped);
 *   <li>every required column ({@link HrField#required()}) is non-blank;
 *   <li>職員番号 is 5 to 10 ASCII digits and unique in the file among main posts: a second main post
 *       with the same number is reported with the line of the first; rows marked 兼務 add sections to
 *       a person and may repeat the number;
 *   <li>雇用区分, 在籍区分 and 兼務 hold texts of the layout ({@link HrLayout#employmentTypes()}, {@link
 *       HrLayout#statuses()}, its 兼務 words); a problem lists the texts the layout accepts;
 *   <li>発令日, 契約終了日, 復職予定日 and 生年月日 are real dates in one of the layout's {@linkplain
 *       HrLayout#dateFormats() formats} (a 和暦 date outside its era is none);
 *   <li>契約終了日 is present for fiscal-year appointed, dispatched and contractor staff (LC-7); 契約終了日
 *       and 復職予定日 are never before 発令日;
 *   <li>カナ is full-width katakana (with ー, ・ and spaces).
 * </ul>
 *
 * <p>The optional columns — 契約終了日, 兼務, and 復職予定日, 個人ID, 生年月日 where the layout names them — are read
 * when the file has them; a record of a file without them has none of these values.
 *
 * <p>Only a file that cannot be read as a whole — missing, unreadable, larger than 64 MiB, cut
 * inside a character, without a header, or without a required column — throws {@link
 * HrFileException}. The whole file is read into memory: an export of tens of thousands of staff is
 * a few megabytes.
 *
 * <p>The reader logs the file name, the encoding and counts; never values, which are personal data.
 * Instances hold no state between calls and may be shared.
 */
@Enforces(
    value = {"GV-7"},
    ja = "人事データの各行を検査し、誤りはファイル・行・列・期待値とともに報告して削除の原因にしない",
    en =
        "Checks every HR row and reports errors with file, line, column and what was expected, never deleting because of them")
public final class HrCsvReader {

  private static final Logger log = LoggerFactory.getLogger(HrCsvReader.class);

  private final HrLayout layout;
  private final HrEncoding encoding;
  private final HrRowReader rows;
  private final java.util.Optional<SectionMaster> sections;

  /**
   * @param layout the layout profile: headers, value maps and date formats; {@link
   *     HrLayout#defaults()} for the usual export
   * @param encoding the file's encoding; {@link HrEncoding#AUTO} detects UTF-8 (with or without
   *     BOM) and CP932
   */
  public HrCsvReader(HrLayout layout, HrEncoding encoding) {
    this(layout, encoding, java.util.Optional.empty());
  }

  private HrCsvReader(
      HrLayout layout, HrEncoding encoding, java.util.Optional<SectionMaster> sections) {
    this.layout = Objects.requireNonNull(layout, "layout must not be null");
    this.encoding = Objects.requireNonNull(encoding, "encoding must not be null");
    this.sections = sections;
    this.rows = new HrRowReader(layout, sections);
  }

  /**
   * This reader checking each row's 所属コード against the section master: a row of an unknown section
   * is rejected like any other invalid row.
   */
  public HrCsvReader withSections(SectionMaster master) {
    return new HrCsvReader(
        layout, encoding, java.util.Optional.of(Objects.requireNonNull(master, "master")));
  }

  /** The section master rows are checked against, if any. */
  public java.util.Optional<SectionMaster> sections() {
    return sections;
  }

  /**
   * The default layout with other headers.
   *
   * @param mapping the header names to look for; {@link HrColumnMapping#japaneseDefaults()} for the
   *     usual export
   * @param encoding the file's encoding
   */
  public HrCsvReader(HrColumnMapping mapping, HrEncoding encoding) {
    this(
        HrLayout.defaults()
            .withColumns(Objects.requireNonNull(mapping, "mapping must not be null")),
        encoding);
  }

  /** The layout this reader reads with. */
  public HrLayout layout() {
    return layout;
  }

  /** The encoding setting this reader reads with. */
  public HrEncoding encoding() {
    return encoding;
  }

  /**
   * Reads and checks the whole file. Never throws for a bad row: bad rows are in {@link
   * HrFile#problems()} and the others in {@link HrFile#records()}.
   *
   * @throws HrFileException if the file cannot be read, is too large, cut or empty, or its header
   *     lacks a required column; the message names the file and what was expected
   */
  public HrFile read(Path file) throws HrFileException {
    Objects.requireNonNull(file, "file must not be null");
    HrDecoding.Decoded decoded = HrDecoding.read(file, encoding);
    CsvParser parser = new CsvParser(decoded.text());

    CsvParser.Row headerRow = null;
    while (parser.hasNext()) {
      CsvParser.Row row = parser.next();
      if (!row.isBlank()) {
        headerRow = row;
        break;
      }
    }
    if (headerRow == null) {
      throw new HrFileException(
          file, "the file is empty; expected a header line with " + layout.requiredHeaders());
    }
    HrRowReader.Columns columns = columns(file, headerRow, decoded.charset());

    List<StaffRecord> records = new ArrayList<>();
    List<HrRowProblem> problems = new ArrayList<>();
    Map<String, Long> firstLineOfEmployee = new HashMap<>();
    Set<String> rejected = new LinkedHashSet<>();
    int dataRows = 0;
    while (parser.hasNext()) {
      CsvParser.Row row = parser.next();
      if (row.isBlank()) {
        continue;
      }
      dataRows++;
      HrRowReader.RowCheck check = new HrRowReader.RowCheck(file, row.line(), problems);
      Optional<StaffRecord> record = rows.read(row, columns, check, firstLineOfEmployee);
      if (record.isPresent()) {
        records.add(record.get());
      } else {
        // whose row it was, where the number can be read: that person is left as they are
        columns.employeeNumber(row).ifPresent(rejected::add);
      }
    }
    log.info(
        "Read HR file {} as {}: {} data rows, {} valid, {} problems",
        file.getFileName(),
        decoded.charset().name(),
        dataRows,
        records.size(),
        problems.size());
    return new HrFile(file, decoded.charset(), records, problems, dataRows, rejected);
  }

  private HrRowReader.Columns columns(Path file, CsvParser.Row header, Charset charset)
      throws HrFileException {
    if (header.malformation().isPresent()) {
      throw new HrFileException(
          file,
          "line "
              + header.line()
              + ": the header's quoting is broken; expected "
              + header.malformation().get());
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip();
      Integer previous = index.putIfAbsent(name, i);
      if (previous != null && layout.headers().containsValue(name)) {
        throw new HrFileException(
            file,
            "line "
                + header.line()
                + ": header \""
                + name
                + "\" appears in columns "
                + (previous + 1)
                + " and "
                + (i + 1)
                + "; expected each header once");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String required : layout.requiredHeaders()) {
      if (!index.containsKey(required)) {
        missing.add(required);
      }
    }
    if (!missing.isEmpty()) {
      String hint =
          index.keySet().stream().anyMatch(StaffFields::hasReplacementCharacter)
              ? "; the header is not readable as "
                  + charset.name()
                  + ": check the encoding setting (AUTO, UTF_8, CP932)"
              : "; check the header line or the layout profile (" + layout.source() + ")";
      throw new HrFileException(
          file,
          "line "
              + header.line()
              + ": missing header(s) "
              + missing
              + "; expected the headers "
              + layout.requiredHeaders()
              + (layout.optionalHeaders().isEmpty()
                  ? ""
                  : " (and optionally " + String.join(", ", layout.optionalHeaders()) + ")")
              + ", found "
              + index.keySet()
              + hint);
    }
    int[] positions = new int[HrField.values().length];
    Arrays.fill(positions, -1);
    for (HrField field : HrField.values()) {
      layout.header(field).map(index::get).ifPresent(i -> positions[field.ordinal()] = i);
    }
    return new HrRowReader.Columns(positions, header.fields().size());
  }
}
