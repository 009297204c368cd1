package jp.mamori.hrsync.hr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The layout profile of an HR export (人事給与システムの出力形式): which header carries each field, which texts
 * stand for each 雇用区分 and 在籍区分, which words mark a 兼務 row, and how dates are written. Vendors
 * differ in all four; the profile says how this municipality's export is written, and {@link
 * HrCsvReader} reads it accordingly. Profiles are written in YAML and read by {@link
 * HrLayoutLoader}; {@link #defaults()} is the shipped default layout.
 *
 * <p>Texts are compared exactly, after stripping surrounding whitespace (also the full-width space)
 * from the value in the file: {@code 正規} and {@code 正規職員} are different texts, as are {@code 1} and
 * {@code 01}; list every form the export uses. A 兼務 cell that is blank always means the main post.
 *
 * @param source where the layout came from, for messages: a profile file or a shipped resource
 * @param headers the header of each field the layout reads; every {@linkplain HrField#required()
 *     required} field has one, the optional ones only if the layout reads them; headers are
 *     non-blank, without surrounding whitespace, and distinct
 * @param employmentTypes each text the 雇用区分 column may hold, with its meaning; in the order of the
 *     profile, which messages keep
 * @param statuses each text the 在籍区分 column may hold, with its meaning
 * @param concurrentWords the texts of the 兼務 column that mark a concurrent post
 * @param mainPostWords the texts of the 兼務 column that mark the main post (besides a blank cell)
 * @param dateFormats the accepted ways of writing a date, tried in order; for every date column
 */
public record HrLayout(
    String source,
    Map<HrField, String> headers,
    Map<String, EmploymentType> employmentTypes,
    Map<String, EmploymentStatus> statuses,
    List<String> concurrentWords,
    List<String> mainPostWords,
    List<HrDateFormat> dateFormats) {

  public HrLayout {
    Objects.requireNonNull(source, "source must not be null");
    EnumMap<HrField, String> copy = new EnumMap<>(HrField.class);
    copy.putAll(headers);
    Map<String, HrField> seen = new HashMap<>();
    for (HrField field : HrField.values()) {
      String header = copy.get(field);
      if (header == null) {
        if (field.required()) {
          throw new IllegalArgumentException(
              source + ": the required field " + field.key() + " has no header");
        }
        continue;
      }
      requireText(source, "header of " + field.key(), header);
      HrField other = seen.putIfAbsent(header, field);
      if (other != null) {
        throw new IllegalArgumentException(
            source
                + ": header \""
                + header
                + "\" is used for "
                + other.key()
                + " and "
                + field.key()
                + "; each field needs its own column");
      }
    }
    headers = Collections.unmodifiableMap(copy);
    employmentTypes = values(source, "employmentTypes", employmentTypes);
    statuses = values(source, "statuses", statuses);
    concurrentWords = words(source, "concurrentPost.concurrent", concurrentWords);
    mainPostWords = words(source, "concurrentPost.main", mainPostWords);
    for (String word : concurrentWords) {
      if (mainPostWords.contains(word)) {
        throw new IllegalArgumentException(
            source + ": \"" + word + "\" cannot mark both a concurrent and the main post");
      }
    }
    dateFormats = List.copyOf(dateFormats);
    if (dateFormats.isEmpty()) {
      throw new IllegalArgumentException(source + ": at least one date format is needed");
    }
  }

  /**
   * The shipped default: the headers of {@link HrColumnMapping#japaneseDefaults()}, the two-digit
   * codes of {@link EmploymentType} (01–05) and {@link EmploymentStatus} (01–07), 兼務 marked by 1,
   * 兼務 or ○ (0 or 本務 for the main post), dates as {@code yyyy-MM-dd} or {@code yyyy/MM/dd}. It
   * reads neither 復職予定日, 個人ID nor 生年月日: a profile names their columns to have them read.
   */
  public static HrLayout defaults() {
    return HrLayoutLoader.loadDefault();
  }

  /**
   * This layout with the eleven headers of {@code mapping} (the required fields, 契約終了日 and 兼務)
   * instead of its own; the headers of 復職予定日, 個人ID and 生年月日 are kept unless one of them is among
   * the mapping's.
   */
  public HrLayout withColumns(HrColumnMapping mapping) {
    Map<HrField, String> next = new EnumMap<>(HrField.class);
    next.put(HrField.EMPLOYEE_NUMBER, mapping.employeeNumber());
    next.put(HrField.FULL_NAME, mapping.fullName());
    next.put(HrField.FULL_NAME_KANA, mapping.fullNameKana());
    next.put(HrField.SECTION_CODE, mapping.sectionCode());
    next.put(HrField.SECTION_NAME, mapping.sectionName());
    next.put(HrField.TITLE, mapping.title());
    next.put(HrField.EMPLOYMENT_TYPE, mapping.employmentType());
    next.put(HrField.STATUS, mapping.status());
    next.put(HrField.EFFECTIVE_DATE, mapping.effectiveDate());
    next.put(HrField.CONTRACT_END, mapping.contractEnd());
    next.put(HrField.CONCURRENT_POST, mapping.concurrentPost());
    for (HrField field : List.of(HrField.RETURN_DATE, HrField.PERSON_ID, HrField.BIRTH_DATE)) {
      String header = headers.get(field);
      if (header != null && !next.containsValue(header)) {
        next.put(field, header);
      }
    }
    return new HrLayout(
        source, next, employmentTypes, statuses, concurrentWords, mainPostWords, dateFormats);
  }

  /** The header of the field, or empty if this layout does not read it. */
  public Optional<String> header(HrField field) {
    return Optional.ofNullable(headers.get(field));
  }

  /** The headers of the required fields, in the order of {@link HrField}. */
  public List<String> requiredHeaders() {
    List<String> required = new ArrayList<>();
    for (HrField field : HrField.values()) {
      if (field.required()) {
        required.add(headers.get(field));
      }
    }
    return required;
  }

  /** The headers of the optional fields this layout reads, in the order of {@link HrField}. */
  public List<String> optionalHeaders() {
    List<String> optional = new ArrayList<>();
    for (HrField field : HrField.values()) {
      if (!field.required() && headers.containsKey(field)) {
        optional.add(headers.get(field));
      }
    }
    return optional;
  }

  /** The 雇用区分 the text stands for, or empty. */
  public Optional<EmploymentType> employmentType(String text) {
    return Optional.ofNullable(employmentTypes.get(text));
  }

  /** The 在籍区分 the text stands for, or empty. */
  public Optional<EmploymentStatus> status(String text) {
    return Optional.ofNullable(statuses.get(text));
  }

  /** Reads a date in the first of the layout's formats that has its form. */
  HrDateFormat.Reading readDate(String text) {
    HrDateFormat.Reading outside = null;
    for (HrDateFormat format : dateFormats) {
      HrDateFormat.Reading reading = format.read(text);
      if (reading instanceof HrDateFormat.Read) {
        return reading;
      }
      if (reading instanceof HrDateFormat.OutsideEra && outside == null) {
        outside = reading;
      }
    }
    return outside != null ? outside : new HrDateFormat.NotThisForm();
  }

  /** The date the text writes in one of the layout's formats, or empty. */
  public Optional<LocalDate> date(String text) {
    return readDate(text) instanceof HrDateFormat.Read read
        ? Optional.of(read.date())
        : Optional.empty();
  }

  /** What a date column accepts: {@code 日付 yyyy-MM-dd または yyyy/MM/dd (expected a date …)}. */
  String expectedDate() {
    List<String> shown = dateFormats.stream().map(HrDateFormat::shown).toList();
    return "日付 "
        + String.join(" または ", shown)
        + " (expected a date "
        + String.join(" or ", shown)
        + ")";
  }

  /** What the 雇用区分 column accepts, e.g. {@code 雇用区分 01=正規職員, 02=… (an employment type: …)}. */
  String expectedEmploymentType() {
    return "雇用区分 "
        + accepted(employmentTypes, EmploymentType::label)
        + " (an employment type, one of "
        + String.join(", ", employmentTypes.keySet())
        + ")";
  }

  /** What the 在籍区分 column accepts. */
  String expectedStatus() {
    return "在籍区分 "
        + accepted(statuses, EmploymentStatus::label)
        + " (a status, one of "
        + String.join(", ", statuses.keySet())
        + ")";
  }

  /** What the 兼務 column accepts. */
  String expectedConcurrent() {
    return "空欄・"
        + String.join("・", mainPostWords)
        + " (本務) または "
        + String.join("・", concurrentWords)
        + " (兼務) (blank or "
        + String.join(", ", mainPostWords)
        + " for the main post, "
        + String.join(", ", concurrentWords)
        + " for a concurrent post)";
  }

  private static <T> String accepted(Map<String, T> values, Function<T, String> label) {
    return values.entrySet().stream()
        .map(e ->
            e.getKey().equals(label.apply(e.getValue()))
                ? e.getKey()
                : e.getKey() + "=" + label.apply(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static <T> Map<String, T> values(String source, String name, Map<String, T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + name + " must list at least one value");
    }
    Map<String, T> copy = new LinkedHashMap<>();
    values.forEach((text, value) -> {
      requireText(source, name + " value", text);
      copy.put(text, Objects.requireNonNull(value, name + " " + text + " has no meaning"));
    });
    return Collections.unmodifiableMap(copy);
  }

  private static List<String> words(String source, String name, List<String> words) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String word : words) {
      requireText(source, name, word);
      if (!distinct.add(word)) {
        throw new IllegalArgumentException(source + ": " + name + " lists \"" + word + "\" twice");
      }
    }
    if (distinct.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + name + " must list at least one word");
    }
    return List.copyOf(distinct);
  }

  private static void requireText(String source, String what, String text) {
    if (text == null || text.isBlank() || !text.equals(text.strip())) {
      throw new IllegalArgumentException(
          source + ": " + what + " must be non-blank without surrounding whitespace");
    }
  }
}
