package jp.mamori.authz.me;

import jp.mamori.authz.lifecycle.LifecycleQueries;

/**
 * The caller's own staff record as the API shows it ({@code GET /api/me}). Every member is always
 * written; a person without a section has {@code null} section members.
 *
 * @param employeeNumber the employee number (職員番号)
 * @param username the login name
 * @param fullName the name
 * @param sectionCode the section's code (所属コード)
 * @param sectionName the section's name
 */
record StaffProfile(
    String employeeNumber,
    String username,
    String fullName,
    String sectionCode,
    String sectionName) {

  static StaffProfile of(LifecycleQueries.Person a) {
    return new StaffProfile(
        a.employeeNumber(), a.username(), a.fullName(), a.sectionCode(), a.sectionName());
  }

  /** The username only: the name and employee number are personal data. */
  @Override
  public String toString() {
    return "StaffProfile[" + username + "]";
  }
}
