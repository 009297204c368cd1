package jp.mamori.policy;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of the document. Each typed read returns the value, or {@code null} after recording a
 * problem, so that reading goes on and every problem is reported at once; a record is built only
 * from a {@linkplain #clean() clean} section. A section that is itself missing or not a mapping is
 * <em>absent</em>: its one problem was recorded by the parent, and reads from it return {@code
 * null} without adding problems about each of its keys.
 *
 * <p>The section readers ({@link PasswordSections}, {@link SignInSections}, {@link TierSections},
 * {@link PrivilegedSection}, {@link LifecycleSection}) all report through it, so that every problem
 * has the same shape: the full key ({@code password.blocklist[3]}), the value as found and what was
 * expected.
 */
final class PolicySection {

  private static final int MAX_SHOWN_CHARACTERS = 80;

  private final String path;
  private final Map<?, ?> values;
  private final List<PolicyProblem> problems;
  private final boolean present;
  private final Set<String> known = new LinkedHashSet<>();
  private int problemCount;

  PolicySection(String path, Map<?, ?> values, List<PolicyProblem> problems, boolean present) {
    this.path = path;
    this.values = values;
    this.problems = problems;
    this.present = present;
  }

  /** Present, and no problem was found in it (including its subsections' own keys). */
  boolean clean() {
    return present && problemCount == 0;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** Whether the key is written at all (for the few optional keys). */
  boolean has(String name) {
    return values.containsKey(name);
  }

  Object get(String name) {
    known.add(name);
    return values.get(name);
  }

  /** A problem with the key {@code name} of this section, showing its value as found. */
  void problemAt(String name, String expected) {
    String found = values.containsKey(name) ? describe(values.get(name)) : "(missing)";
    problem(key(name), found, expected);
  }

  /** A problem with any key (a {@link Checks.Sink}). */
  void problem(String fullKey, String found, String expected) {
    if (present) {
      problems.add(new PolicyProblem(fullKey, found, expected));
      problemCount++;
    }
  }

  /**
   * A subsection that may be left out: then it reads as present and empty, so that each of its keys
   * takes its default.
   */
  PolicySection optionalSection(String name) {
    if (!values.containsKey(name)) {
      known.add(name);
      return new PolicySection(key(name), Map.of(), problems, present);
    }
    return section(name);
  }

  PolicySection section(String name) {
    Object value = get(name);
    if (value instanceof Map<?, ?> map) {
      return new PolicySection(key(name), map, problems, present);
    }
    problemAt(name, "a mapping of settings");
    return new PolicySection(key(name), Map.of(), problems, false);
  }

  /** A mapping of names to integers in {@code range}, e.g. each system's level. */
  Map<String, Integer> integers(String name, IntRange range) {
    if (!(get(name) instanceof Map<?, ?> map)) {
      problemAt(name, "a mapping of names to integers " + range.min() + "–" + range.max());
      return null;
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (v instanceof Integer value && range.contains(value)) {
        out.put(String.valueOf(k), value);
      } else {
        problem(key(name) + "." + k, describe(v), range.expected());
      }
    });
    return out;
  }

  Integer integer(String name, IntRange range) {
    if (get(name) instanceof Integer value && range.contains(value)) {
      return value;
    }
    problemAt(name, range.expected());
    return null;
  }

  Boolean bool(String name) {
    if (get(name) instanceof Boolean value) {
      return value;
    }
    problemAt(name, "true or false");
    return null;
  }

  String text(String name, int maxLength) {
    if (get(name) instanceof String value && Checks.isText(value.strip(), 1, maxLength)) {
      return value.strip();
    }
    problemAt(name, "a text of 1–" + maxLength + " characters");
    return null;
  }

  Duration duration(String name, DurationRange range) {
    String expected = range.expected();
    if (get(name) instanceof String text) {
      try {
        Duration value = parseDuration(text.strip());
        if (range.contains(value)) {
          return value;
        }
      } catch (DateTimeParseException e) {
        if (isCalendarPeriod(text.strip())) {
          expected += "; months and years have no fixed length (P1M is a month, PT1M a minute)";
        }
      }
    }
    problemAt(name, expected);
    return null;
  }

  private static boolean isCalendarPeriod(String text) {
    try {
      Period.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * A list of texts; each element that is not a text of the allowed length is a problem of its own
   * ({@code password.blocklist[3]}).
   */
  List<String> texts(String name, int minLength, int maxLength, int maxSize) {
    String each = Checks.text(minLength, maxLength);
    if (!(get(name) instanceof List<?> list)) {
      problemAt(name, "a list, each element " + each);
      return null;
    }
    if (list.size() > maxSize) {
      problem(key(name), list.size() + " entries", "at most " + maxSize + " entries");
      return null;
    }
    List<String> result = new ArrayList<>(list.size());
    boolean valid = true;
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item instanceof String text && Checks.isText(text, minLength, maxLength)) {
        result.add(text);
      } else {
        valid = false;
        String expected =
            item instanceof Number || item instanceof Boolean
                ? each + "; quote values that YAML reads as numbers or true/false, e.g. \"012\""
                : each;
        problem(key(name) + "[" + i + "]", describe(item), expected);
      }
    }
    return valid ? result : null;
  }

  /** Every key that no read asked for is a problem, with the nearest known key suggested. */
  void rejectUnknown() {
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      if (!(entry.getKey() instanceof String name && known.contains(name))) {
        String name = String.valueOf(entry.getKey());
        problem(key(name), describe(entry.getValue()), unknownKeyExpected(name));
      }
    }
  }

  private String unknownKeyExpected(String name) {
    String nearest = nearest(name);
    return "a known key"
        + (nearest == null ? "" : " — did you mean " + key(nearest) + "?")
        + " (unknown key; "
        + (path.isEmpty() ? "the document" : path)
        + " has "
        + String.join(", ", known)
        + ")";
  }

  /** The known key within two edits of {@code name}, ignoring case, if there is one. */
  private String nearest(String name) {
    String folded = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = editDistance(folded, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * An ISO-8601 duration. {@link Duration#parse} takes {@code PT15M} and {@code P90D}; {@link
   * Period} adds weeks ({@code P2W}). Months and years have no fixed length and are refused.
   */
  static Duration parseDuration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notADuration) {
      Period period = Period.parse(text);
      if (period.getYears() != 0 || period.getMonths() != 0) {
        throw new DateTimeParseException("months and years have no fixed length", text, 0);
      }
      return Duration.ofDays(period.getDays());
    }
  }

  static boolean allPresent(Object... values) {
    for (Object value : values) {
      if (value == null) {
        return false;
      }
    }
    return true;
  }

  /** A value as the problem shows it: texts quoted, long values shortened. */
  static String describe(Object value) {
    if (value == null) {
      return "(empty)";
    }
    if (value instanceof String text) {
      return "\"" + shorten(text) + "\"";
    }
    return shorten(String.valueOf(value));
  }

  static String shorten(String text) {
    if (text == null) {
      return "(no message)";
    }
    String oneLine = text.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= MAX_SHOWN_CHARACTERS
        ? oneLine
        : oneLine.substring(0, MAX_SHOWN_CHARACTERS - 1) + "…";
  }
}
