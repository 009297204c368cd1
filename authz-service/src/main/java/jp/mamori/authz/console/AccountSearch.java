package jp.mamori.authz.console;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.console.AccountRow.AccountState;
import jp.mamori.authz.lifecycle.LifecycleQueries.Person;
import jp.mamori.authz.lifecycle.LifecycleQueries.TargetId;

/**
 * The account list's rows and its search (pure): people from the staff register joined with their
 * IDs in the targets; the search by name, kana, employee number or section, the state filter and
 * the pages. Typed text is compared after NFKC (全角 digits and letters match), without spaces,
 * hiragana as katakana (かな matches カナ) and without case.
 */
final class AccountSearch {

  private AccountSearch() {}

  /** One page of the list and what it was asked for. */
  record Result(List<AccountRow> rows, Paging paging) {}

  /**
   * The people of the register and of the targets, by employee number; an ID without an employee
   * number is nobody's and is not listed.
   *
   * @param temporaryPasswords the employee numbers (or usernames) with a temporary password not yet
   *     changed
   */
  static List<AccountRow> rows(
      Collection<Person> people, Collection<TargetId> ids, Set<String> temporaryPasswords) {
    Map<String, List<TargetId>> byNumber = new LinkedHashMap<>();
    for (TargetId id : ids) {
      if (id.employeeNumber() != null && !id.employeeNumber().isBlank()) {
        byNumber.computeIfAbsent(id.employeeNumber(), n -> new ArrayList<>()).add(id);
      }
    }
    Map<String, AccountRow> rows = new java.util.TreeMap<>();
    for (Person p : people) {
      List<TargetId> theirs = byNumber.getOrDefault(p.employeeNumber(), List.of());
      rows.put(
          p.employeeNumber(),
          new AccountRow(
              p.employeeNumber(),
              p.username(),
              p.fullName(),
              p.fullNameKana(),
              (p.sectionCode() + " " + p.sectionName()).strip(),
              theirs,
              states(
                  theirs,
                  temporaryPasswords.contains(p.employeeNumber())
                      || temporaryPasswords.contains(p.username()))));
    }
    byNumber.forEach((number, theirs) -> {
      if (!rows.containsKey(number)) {
        TargetId first = theirs.getFirst();
        rows.put(
            number,
            new AccountRow(
                number,
                first.loginName(),
                first.fullName(),
                "",
                "",
                theirs,
                states(
                    theirs,
                    temporaryPasswords.contains(number)
                        || temporaryPasswords.contains(first.loginName()))));
      }
    });
    return List.copyOf(rows.values());
  }

  private static Set<AccountState> states(List<TargetId> ids, boolean temporaryPassword) {
    Set<AccountState> states = new TreeSet<>();
    for (TargetId id : ids) {
      AccountState s = AccountState.of(id.status());
      if (s != null) {
        states.add(s);
      }
    }
    if (temporaryPassword) {
      states.add(AccountState.TEMPORARY_PASSWORD);
    }
    return states;
  }

  /**
   * The rows that match {@code query} (every word typed must match the number, name, kana or
   * section) and have any of {@code states} (none: any state), page {@code page}.
   */
  static Result search(List<AccountRow> rows, String query, Set<AccountState> states, int page) {
    List<String> words = words(query);
    List<AccountRow> matching = new ArrayList<>();
    for (AccountRow row : rows) {
      if (matches(row, words)
          && (states.isEmpty() || !Collections.disjoint(row.states(), states))) {
        matching.add(row);
      }
    }
    Paging paging = Paging.of(page, matching.size());
    return new Result(List.copyOf(matching.subList(paging.offset(), paging.last())), paging);
  }

  private static List<String> words(String query) {
    if (query == null) {
      return List.of();
    }
    String q = Normalizer.normalize(query, Normalizer.Form.NFKC).strip();
    List<String> words = new ArrayList<>();
    for (String w : q.split("\\s+")) {
      if (!w.isEmpty()) {
        words.add(normal(w));
      }
    }
    return words;
  }

  private static boolean matches(AccountRow row, List<String> words) {
    if (words.isEmpty()) {
      return true;
    }
    String number = normal(row.employeeNumber());
    String username = normal(row.username());
    String name = normal(row.fullName());
    String kana = normal(row.fullNameKana());
    String section = normal(row.section());
    for (String w : words) {
      if (!(number.contains(w)
          || username.contains(w)
          || name.contains(w)
          || kana.contains(w)
          || section.contains(w))) {
        return false;
      }
    }
    return true;
  }

  /** NFKC, no white space, hiragana as katakana, lower case. */
  static String normal(String text) {
    if (text == null) {
      return "";
    }
    String n = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(n.length());
    n.codePoints()
        .forEach(c -> {
          if (Character.isWhitespace(c) || c == '\u3000') {
            return;
          }
          if (c >= 0x3041 && c <= 0x3096) { // hiragana → katakana
            c += 0x60;
          }
          out.appendCodePoint(Character.toLowerCase(c));
        });
    return out.toString();
  }
}
