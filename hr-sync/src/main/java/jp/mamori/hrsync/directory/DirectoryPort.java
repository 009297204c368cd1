package jp.mamori.hrsync.directory;

import java.util.List;
import java.util.Optional;
import jp.mamori.hrsync.hr.StaffRecord;

/**
 * The directory as the sync core sees it: find, list and create person accounts. The core owns this
 * interface; {@link LdapDirectory} implements it over LDAP, and tests may use any other
 * implementation that keeps the same contract.
 *
 * <p>Contract, for every implementation:
 *
 * <ul>
 *   <li>No method returns {@code null}; "not found" is {@link Optional#empty()} or an empty list.
 *   <li>Arguments are checked: {@code null} or blank ones throw {@link IllegalArgumentException} or
 *       {@link NullPointerException} — a programming error, not a directory failure.
 *   <li>A failure of the directory itself throws {@link DirectoryException}, which says whether
 *       retrying later can help. Nothing is ever half-read: a listing that fails part-way throws
 *       rather than returning the accounts read so far, because reconciliation would take the
 *       missing ones for deleted.
 *   <li>Implementations are safe for use by several threads.
 * </ul>
 */
public interface DirectoryPort extends AutoCloseable {

  /**
   * The account whose employee-number attribute equals {@code employeeNumber}, anywhere under the
   * people subtree.
   *
   * @throws DirectoryException if the directory fails, or if two or more accounts carry this number
   *     (a disputed link that a person must resolve; {@link DirectoryException#resultCode()} is
   *     {@code CONSTRAINT_VIOLATION})
   */
  Optional<DirectoryAccount> findByEmployeeNumber(String employeeNumber);

  /**
   * Every person account under the people subtree, with or without an employee number, in no
   * particular order. Complete or a {@link DirectoryException}: never a partial list.
   */
  List<DirectoryAccount> listPeople();

  /**
   * Creates the account of {@code staff} with login name {@code loginName}, directly under the
   * people subtree, and returns it as it would be read back.
   *
   * <p>One person, one account (LC-6): creation fails with a {@link DirectoryException} whose
   * result code is {@code ENTRY_ALREADY_EXISTS} if an account with the same employee number or the
   * same login name already exists. No password is set; see the schema for the state an account is
   * created in.
   *
   * @throws IllegalArgumentException if {@code loginName} is not acceptable for the schema
   * @throws DirectoryException if the account exists or the directory fails
   */
  DirectoryAccount create(StaffRecord staff, String loginName);

  /** Releases the connections. Does not throw. */
  @Override
  void close();
}
