package jp.mamori.authz.governance;

import java.util.List;
import jp.mamori.authz.governance.Sanctions.Violation;

/**
 * A recorded violation as the API shows it (GV-4).
 *
 * @param id the violation
 * @param username whose
 * @param sections the person's sections when it was recorded
 * @param code the violation's code
 * @param codeJa the code for people, in Japanese
 * @param codeEn the code for people, in English
 * @param description what happened
 * @param recordedBy the administrator who recorded it
 * @param recordedAt when, ISO-8601
 */
record ViolationView(
    long id,
    String username,
    List<String> sections,
    String code,
    String codeJa,
    String codeEn,
    String description,
    String recordedBy,
    String recordedAt) {

  static ViolationView of(Violation v) {
    return new ViolationView(
        v.id(),
        v.username(),
        v.sections(),
        v.code().name(),
        v.code().ja(),
        v.code().en(),
        v.description(),
        v.recordedBy(),
        v.recordedAt().toString());
  }

  /** Without the description: it is about a person and may name others. */
  @Override
  public String toString() {
    return "ViolationView[#" + id + ", " + username + ", " + code + ", " + recordedAt + "]";
  }
}
