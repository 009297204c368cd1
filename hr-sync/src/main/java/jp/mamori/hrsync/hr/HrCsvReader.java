package jp.mamori.hrsync.hr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.mamori.policy.Enforces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an HR export (人事データ CSV) into {@link StaffRecord}s, checking every row (GV-7).
 *
 * <p>The file is RFC 4180 CSV whose first non-blank record is the header; columns are found by the
 * names in the {@link HrColumnMapping}, in any order, and unknown columns are ignored. Values are
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
 *   <li>every column but 契約終了日 is non-blank;
 *   <li>職員番号 is 5 to 10 ASCII digits and unique in the file: a second row with the same number is
 *       reported with the line of the first, and only the first can be kept (HR exports with one
 *       row per 兼務 post are therefore not supported yet);
 *   <li>雇用区分 and 在籍区分 are known codes ({@link EmploymentType}, {@link EmploymentStatus});
 *   <li>発令日 and 契約終了日 are real dates as {@code yyyy-MM-dd} or {@code yyyy/MM/dd};
 *   <li>契約終了日 is present for fiscal-year appointed, dispatched and contractor staff (LC-7) and
 *       never before 発令日;
 *   <li>カナ is full-width katakana (with ー, ・ and spaces).
 * </ul>
 *
 * <p>Only a file that cannot be read as a whole — missing, unreadable, larger than 64 MiB, without
 * a header, or without a required column — throws {@link HrFileException}. The whole file is read
 * into memory: an export of tens of thousands of staff is a few megabytes.
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

  /** Larger files are refused rather than read into memory. */
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  static final Charset CP932 = Charset.forName("windows-31j");

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static final List<DateTimeFormatter> DATE_FORMATS =
      List.of(
          DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
          DateTimeFormatter.ofPattern("uuuu/MM/dd").withResolverStyle(ResolverStyle.STRICT));

  static final String EXPECTED_NON_BLANK = "値があること (a non-blank value)";
  static final String EXPECTED_EMPLOYEE_NUMBER = "半角数字 5〜10 桁 (5 to 10 ASCII digits)";
  static final String EXPECTED_DATE =
      "日付 yyyy-MM-dd または yyyy/MM/dd (expected a date yyyy-MM-dd or yyyy/MM/dd)";
  static final String EXPECTED_KANA =
      "全角カタカナ・長音記号ー・中点・・空白のみ (full-width katakana, ー, ・ and spaces only)";
  static final String EXPECTED_NO_CONTROL = "制御文字・書式文字を含まない値 (no control or format characters)";
  static final String EXPECTED_DECODABLE =
      "文字コードとして読める文字 (decodable characters; check the file's encoding setting)";
  static final String EXPECTED_MAX_LENGTH =
      StaffFields.MAX_LENGTH + " 文字以内 (at most " + StaffFields.MAX_LENGTH + " characters)";

  private final HrColumnMapping mapping;
  private final HrEncoding encoding;

  /**
   * @param mapping the header names to look for; {@link HrColumnMapping#japaneseDefaults()} for the
   *     usual export
   * @param encoding the file's encoding; {@link HrEncoding#AUTO} detects UTF-8 (with or without
   *     BOM) and CP932
   */
  private static final java.util.Set<String> CONCURRENT_TRUE = java.util.Set.of("1", "兼務", "○");

  private static final java.util.Set<String> CONCURRENT_FALSE = java.util.Set.of("0", "本務");

  public HrCsvReader(HrColumnMapping mapping, HrEncoding encoding) {
    this.mapping = Objects.requireNonNull(mapping, "mapping must not be null");
    this.encoding = Objects.requireNonNull(encoding, "encoding must not be null");
  }

  /**
   * Reads and checks the whole file. Never throws for a bad row: bad rows are in {@link
   * HrFile#problems()} and the others in {@link HrFile#records()}.
   *
   * @throws HrFileException if the file cannot be read, is too large or empty, or its header lacks
   *     a required column; the message names the file and what was expected
   */
  public HrFile read(Path file) throws HrFileException {
    Objects.requireNonNull(file, "file must not be null");
    byte[] bytes = readBytes(file);
    if (encoding != HrEncoding.CP932) {
      refuseCutCharacter(file, bytes);
    }
    Decoded decoded = decode(bytes);
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
          file, "the file is empty; expected a header line with " + mapping.requiredHeaders());
    }
    Columns columns = columns(file, headerRow, decoded.charset());

    List<StaffRecord> records = new ArrayList<>();
    List<HrRowProblem> problems = new ArrayList<>();
    Map<String, Long> firstLineOfEmployee = new HashMap<>();
    java.util.Set<String> rejected = new java.util.LinkedHashSet<>();
    int dataRows = 0;
    while (parser.hasNext()) {
      CsvParser.Row row = parser.next();
      if (row.isBlank()) {
        continue;
      }
      dataRows++;
      RowCheck check = new RowCheck(file, row.line(), problems);
      Optional<StaffRecord> record = readRow(row, columns, check, firstLineOfEmployee);
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

  private Optional<StaffRecord> readRow(
      CsvParser.Row row, Columns columns, RowCheck check, Map<String, Long> firstLineOfEmployee) {
    if (row.malformation().isPresent()) {
      check.problem("", String.join(",", row.fields()), row.malformation().get());
      return Optional.empty();
    }
    if (row.fields().size() != columns.count()) {
      check.problem(
          "",
          row.fields().size() + " 列",
          columns.count()
              + " 列 (expected "
              + columns.count()
              + " columns, as in the header; quote a value that contains a comma)");
      return Optional.empty();
    }

    boolean concurrent = false;
    if (columns.hasConcurrentPost()) {
      String flag = check.text(mapping.concurrentPost(), columns.value(row, 10), false);
      if (flag != null && !flag.isEmpty()) {
        if (CONCURRENT_TRUE.contains(flag)) {
          concurrent = true;
        } else if (!CONCURRENT_FALSE.contains(flag)) {
          check.problem(
              mapping.concurrentPost(),
              flag,
              "空欄・0 (本務) または 1・兼務 (兼務) (blank or 0 for the main post, 1 for a concurrent"
                  + " post)");
        }
      }
    }
    String employeeNumber = check.text(mapping.employeeNumber(), columns.value(row, 0), true);
    if (employeeNumber != null) {
      if (!StaffFields.isEmployeeNumber(employeeNumber)) {
        check.problem(mapping.employeeNumber(), employeeNumber, EXPECTED_EMPLOYEE_NUMBER);
      } else {
        // one main post (本務) per person; 兼務 rows add sections and may repeat the number
        Long first =
            concurrent ? null : firstLineOfEmployee.putIfAbsent(employeeNumber, row.line());
        if (first != null) {
          check.problem(
              mapping.employeeNumber(),
              employeeNumber,
              "重複しない職員番号 — "
                  + first
                  + " 行目と重複。兼務なら「"
                  + mapping.concurrentPost()
                  + "」列に 1 (a unique employee number; already on line "
                  + first
                  + "; mark a concurrent post with 1 in the "
                  + mapping.concurrentPost()
                  + " column)");
        }
      }
    }
    String fullName = check.text(mapping.fullName(), columns.value(row, 1), true);
    String kana = check.text(mapping.fullNameKana(), columns.value(row, 2), true);
    if (kana != null && !StaffFields.isKatakana(kana)) {
      check.problem(mapping.fullNameKana(), kana, EXPECTED_KANA);
    }
    String sectionCode = check.text(mapping.sectionCode(), columns.value(row, 3), true);
    String sectionName = check.text(mapping.sectionName(), columns.value(row, 4), true);
    String title = check.text(mapping.title(), columns.value(row, 5), true);

    EmploymentType type = null;
    String typeCode = check.text(mapping.employmentType(), columns.value(row, 6), true);
    if (typeCode != null) {
      type = EmploymentType.fromCode(typeCode).orElse(null);
      if (type == null) {
        check.problem(
            mapping.employmentType(),
            typeCode,
            "雇用区分コード "
                + EmploymentType.codeList()
                + " (an employment type code 01 to "
                + EmploymentType.values()[EmploymentType.values().length - 1].code()
                + ")");
      }
    }
    EmploymentStatus status = null;
    String statusCode = check.text(mapping.status(), columns.value(row, 7), true);
    if (statusCode != null) {
      status = EmploymentStatus.fromCode(statusCode).orElse(null);
      if (status == null) {
        check.problem(
            mapping.status(),
            statusCode,
            "在籍区分コード "
                + EmploymentStatus.codeList()
                + " (a status code 01 to "
                + EmploymentStatus.values()[EmploymentStatus.values().length - 1].code()
                + ")");
      }
    }

    LocalDate effectiveDate = null;
    String effectiveText = check.text(mapping.effectiveDate(), columns.value(row, 8), true);
    if (effectiveText != null) {
      effectiveDate = parseDate(effectiveText);
      if (effectiveDate == null) {
        check.problem(mapping.effectiveDate(), effectiveText, EXPECTED_DATE);
      }
    }

    LocalDate contractEnd = null;
    String contractEndText =
        columns.hasContractEnd()
            ? check.text(mapping.contractEnd(), columns.value(row, 9), false)
            : "";
    // A null contractEndText has been reported by check.text already.
    if (contractEndText != null && !contractEndText.isEmpty()) {
      contractEnd = parseDate(contractEndText);
      if (contractEnd == null) {
        check.problem(mapping.contractEnd(), contractEndText, EXPECTED_DATE);
      } else if (effectiveDate != null && contractEnd.isBefore(effectiveDate)) {
        check.problem(
            mapping.contractEnd(),
            contractEndText,
            mapping.effectiveDate()
                + " "
                + effectiveDate
                + " 以降の日付 (a date on or after the effective date "
                + effectiveDate
                + ")");
      }
    } else if (contractEndText != null && type != null && type.requiresContractEnd()) {
      check.problem(
          mapping.contractEnd(),
          "",
          type.label()
              + "は"
              + mapping.contractEnd()
              + "が必須 (a contract end date is required for "
              + type
              + " staff)");
    }

    // Every check above reports what it rejects, so a row without problems makes a valid record.
    if (check.failed()) {
      return Optional.empty();
    }
    return Optional.of(
        new StaffRecord(
            employeeNumber,
            fullName,
            kana,
            sectionCode,
            sectionName,
            title,
            type,
            status,
            effectiveDate,
            Optional.ofNullable(contractEnd),
            concurrent));
  }

  private static LocalDate parseDate(String text) {
    for (DateTimeFormatter format : DATE_FORMATS) {
      try {
        return LocalDate.parse(text, format);
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return null;
  }

  private Columns columns(Path file, CsvParser.Row header, Charset charset) throws HrFileException {
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
      if (previous != null && mappedNames().contains(name)) {
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
    for (String required : mapping.requiredHeaders()) {
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
              : "; check the header line or the column mapping";
      throw new HrFileException(
          file,
          "line "
              + header.line()
              + ": missing header(s) "
              + missing
              + "; expected the headers "
              + mapping.requiredHeaders()
              + " (and optionally "
              + mapping.contractEnd()
              + "), found "
              + index.keySet()
              + hint);
    }
    int[] positions = new int[11];
    List<String> required = mapping.requiredHeaders();
    for (int i = 0; i < required.size(); i++) {
      positions[i] = index.get(required.get(i));
    }
    Integer contractEnd = index.get(mapping.contractEnd());
    positions[9] = contractEnd == null ? -1 : contractEnd;
    Integer concurrent = index.get(mapping.concurrentPost());
    positions[10] = concurrent == null ? -1 : concurrent;
    return new Columns(positions, header.fields().size());
  }

  private List<String> mappedNames() {
    List<String> names = new ArrayList<>(mapping.requiredHeaders());
    names.add(mapping.contractEnd());
    names.add(mapping.concurrentPost());
    return names;
  }

  private static byte[] readBytes(Path file) throws HrFileException {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new HrFileException(
            file,
            "the file has "
                + size
                + " bytes; expected at most "
                + MAX_FILE_BYTES
                + " bytes for an HR export");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new HrFileException(file, "the file does not exist; expected an HR export here", e);
    } catch (IOException e) {
      throw new HrFileException(
          file, "the file cannot be read (" + e + "); expected a readable HR export", e);
    }
  }

  private Decoded decode(byte[] bytes) {
    boolean bom = startsWithBom(bytes);
    return switch (encoding) {
      case UTF_8 ->
          new Decoded(lenient(bytes, bom, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      case CP932 -> new Decoded(lenient(bytes, false, CP932), CP932);
      case AUTO -> {
        if (bom) {
          yield new Decoded(lenient(bytes, true, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        try {
          String text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(bytes))
                  .toString();
          yield new Decoded(text, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
          yield new Decoded(lenient(bytes, false, CP932), CP932);
        }
      }
    };
  }

  /**
   * A file cut off in the middle of a UTF-8 character (a transfer that stopped, a disk that filled)
   * is a damaged file, not a file in another encoding: refused, with the byte offset, instead of
   * being read as CP932 and reported as a file without the expected headers. Only a file that is
   * valid UTF-8 up to an incomplete last character is taken for one.
   *
   * @throws HrFileException naming the byte offset where the last character starts
   */
  static void refuseCutCharacter(Path file, byte[] bytes) throws HrFileException {
    int end = bytes.length;
    int start = end - 1;
    while (start >= 0 && end - start <= 3 && (bytes[start] & 0xC0) == 0x80) {
      start--; // continuation bytes
    }
    if (start < 0 || (bytes[start] & 0xC0) != 0xC0) {
      return; // ends on ASCII or on continuation bytes without a lead: not a cut character
    }
    int lead = bytes[start] & 0xFF;
    int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (end - start >= length) {
      return; // the last character is complete
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, start));
    } catch (CharacterCodingException e) {
      return; // not UTF-8 before either: left to the encoding detection
    }
    throw new HrFileException(
        file,
        "the file ends inside a character (its last "
            + (end - start)
            + " of "
            + length
            + " bytes, from byte offset "
            + start
            + " of "
            + end
            + "): it was cut off — a damaged or incomplete export; expected a complete file. Nothing"
            + " was read; deliver the whole export again / ファイルが文字の途中で終わっています"
            + " (バイト位置 "
            + start
            + "): 途中で切れた出力です。完全なファイルを再度出力してください");
  }

  /** Decodes with U+FFFD for undecodable bytes; the rows holding them are then reported. */
  private static String lenient(byte[] bytes, boolean skipBom, Charset charset) {
    int offset = skipBom ? UTF8_BOM.length : 0;
    return new String(bytes, offset, bytes.length - offset, charset);
  }

  private static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= 3
        && bytes[0] == UTF8_BOM[0]
        && bytes[1] == UTF8_BOM[1]
        && bytes[2] == UTF8_BOM[2];
  }

  private record Decoded(String text, Charset charset) {}

  /**
   * Where each field is: positions 0..8 in the order of {@link HrColumnMapping#requiredHeaders()},
   * 9 for the contract end (-1 when the file has no such column).
   */
  private record Columns(int[] positions, int count) {
    String value(CsvParser.Row row, int field) {
      return row.fields().get(positions[field]);
    }

    /** The row's employee number if its column is there and holds a well-formed one. */
    Optional<String> employeeNumber(CsvParser.Row row) {
      if (positions[0] < 0 || positions[0] >= row.fields().size()) {
        return Optional.empty();
      }
      String value = row.fields().get(positions[0]).strip();
      return StaffFields.isEmployeeNumber(value) ? Optional.of(value) : Optional.empty();
    }

    boolean hasContractEnd() {
      return positions[9] >= 0;
    }

    boolean hasConcurrentPost() {
      return positions[10] >= 0;
    }
  }

  /** Collects the problems of one row. */
  private static final class RowCheck {
    private final Path file;
    private final long line;
    private final List<HrRowProblem> problems;
    private boolean failed;

    RowCheck(Path file, long line, List<HrRowProblem> problems) {
      this.file = file;
      this.line = line;
      this.problems = problems;
    }

    void problem(String column, String value, String expected) {
      problems.add(new HrRowProblem(file, line, column, value, expected));
      failed = true;
    }

    boolean failed() {
      return failed;
    }

    /**
     * The stripped value if it passes the checks every field has, else {@code null} after
     * reporting. An optional field that is blank yields the empty string.
     */
    String text(String column, String raw, boolean required) {
      if (StaffFields.hasReplacementCharacter(raw)) {
        problem(column, raw, EXPECTED_DECODABLE);
        return null;
      }
      if (StaffFields.hasForbiddenCharacter(raw)) {
        problem(column, raw, EXPECTED_NO_CONTROL);
        return null;
      }
      String value = raw.strip();
      if (StaffFields.isTooLong(value)) {
        problem(column, value, EXPECTED_MAX_LENGTH);
        return null;
      }
      if (value.isEmpty() && required) {
        problem(column, "", EXPECTED_NON_BLANK);
        return null;
      }
      return value;
    }
  }
}
