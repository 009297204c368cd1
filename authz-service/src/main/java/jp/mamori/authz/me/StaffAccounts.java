package jp.mamori.authz.me;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read side of the staff accounts the sync recorded. */
@Repository
class StaffAccounts {

  record StaffAccount(
      String employeeNumber,
      String username,
      String fullName,
      String fullNameKana,
      String sectionCode,
      String sectionName) {}

  private final JdbcClient jdbc;

  StaffAccounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<StaffAccount> findByUsername(String username) {
    return jdbc.sql(
            "select employee_number, username, full_name, full_name_kana, section_code,"
                + " section_name from staff_account where username = ?")
        .param(username)
        .query(StaffAccount.class)
        .optional();
  }
}
