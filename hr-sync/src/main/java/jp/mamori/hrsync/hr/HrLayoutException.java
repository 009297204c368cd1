package jp.mamori.hrsync.hr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A layout profile that cannot be used: missing, unreadable, not YAML, or with a key, a header, a
 * value or a date pattern that is wrong. Nothing can be read with it, and retrying cannot help: the
 * profile has to be corrected. The service refuses to start with it.
 *
 * <p>The message names the profile on its first line and then has one line per problem, all
 * problems at once, so that one round of corrections suffices:
 *
 * <pre>
 * 人事レイアウト定義に誤りがあります / invalid HR layout profile /etc/mamori/layout.yml (2 problems):
 *   layout.yml:4:3 columns.employeNumber: 値 "employeNumber" — 期待: columns の項目 employeeNumber, … (a field of columns: …)
 *   layout.yml:9:9 employmentTypes.正規: 値 "REGULER" — 期待: REGULAR (正規職員), … (one of …)
 * </pre>
 *
 * <p>Profiles hold header names and codes, no personal data, so values are quoted as found.
 */
public final class HrLayoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * One thing wrong with a profile.
   *
   * @param where {@code file:line:column} of the offending text, or the file alone when the
   *     position is unknown or the whole file is concerned
   * @param key the dotted key, e.g. {@code columns.employeeNumber} or {@code dates[1]}; empty for
   *     the whole file
   * @param found what was found, as written
   * @param expected what would be accepted, in Japanese with an English gloss
   */
  public record Problem(String where, String key, String found, String expected) {
    public Problem {
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(found, "found");
      Objects.requireNonNull(expected, "expected");
    }

    /** One line: {@code layout.yml:9:9 employmentTypes.正規: 値 "REGULER" — 期待: …}. */
    public String message() {
      return where + (key.isEmpty() ? "" : " " + key) + ": 値 \"" + found + "\" — 期待: " + expected;
    }
  }

  private final transient String source;
  private final transient List<Problem> problems;

  /**
   * @param source the profile: a path or a shipped resource
   * @param problems at least one
   * @param cause what made the profile unreadable, if anything
   */
  public HrLayoutException(String source, List<Problem> problems, Throwable cause) {
    super(message(source, problems), cause);
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public HrLayoutException(String source, List<Problem> problems) {
    this(source, problems, null);
  }

  private static String message(String source, List<Problem> problems) {
    Objects.requireNonNull(source, "source");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid layout profile has at least one problem");
    }
    return "人事レイアウト定義に誤りがあります / invalid HR layout profile "
        + source
        + " ("
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + "):\n"
        + problems.stream().map(p -> "  " + p.message()).collect(Collectors.joining("\n"));
  }

  /** The profile: a path or a shipped resource. */
  public String source() {
    return source;
  }

  /** Every problem found, in the order of the profile; never empty. */
  public List<Problem> problems() {
    return problems;
  }
}
