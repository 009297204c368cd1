package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import java.util.Objects;

/**
 * A person account as read from the directory: the target account that reconciliation links to an
 * HR record by {@link #employeeNumber()}.
 *
 * <p>Accounts are read as they are, including ones Mamori did not create: an attribute the entry
 * lacks is the empty string, never {@code null}. In particular an account without an employee
 * number ({@link #hasEmployeeNumber()} false) — an administrator, a service or a hand-made account
 * — cannot be linked to anyone and is for reconciliation to report (LC-3), not to ignore.
 *
 * @param dn the entry's DN (RFC 4514 string form)
 * @param employeeNumber 職員番号, or empty
 * @param loginName the login name ({@code uid} / {@code sAMAccountName}), or empty
 * @param fullName 氏名, or empty
 * @param sectionCode 所属コード, or empty
 * @param enabled whether the account can log in as far as the directory says; for {@link
 *     DirectorySchema#OPENLDAP} always true (see there)
 */
public record DirectoryAccount(
    String dn,
    String employeeNumber,
    String loginName,
    String fullName,
    String sectionCode,
    boolean enabled) {

  public DirectoryAccount {
    if (dn == null || !DN.isValidDN(dn) || dn.isBlank()) {
      throw new IllegalArgumentException("dn must be a non-empty DN");
    }
    Objects.requireNonNull(employeeNumber, "employeeNumber must not be null; use \"\"");
    Objects.requireNonNull(loginName, "loginName must not be null; use \"\"");
    Objects.requireNonNull(fullName, "fullName must not be null; use \"\"");
    Objects.requireNonNull(sectionCode, "sectionCode must not be null; use \"\"");
  }

  /** Whether the entry carries an employee number, i.e. can be linked to an HR record at all. */
  public boolean hasEmployeeNumber() {
    return !employeeNumber.isEmpty();
  }

  /** Identifiers only; the name is personal data. */
  @Override
  public String toString() {
    return "DirectoryAccount[dn=" + dn + ", employeeNumber=" + employeeNumber + "]";
  }
}
