package jp.mamori.hrsync.sync;

import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.hrsync.directory.DirectoryAccount;
import jp.mamori.hrsync.directory.DirectoryException;
import jp.mamori.hrsync.directory.DirectoryPort;
import jp.mamori.hrsync.hr.StaffRecord;

/** In-memory twin of the LDAP adapter, keeping {@link DirectoryPort}'s contract. */
final class InMemoryDirectory implements DirectoryPort {

  final Map<String, DirectoryAccount> byEmployeeNumber = new LinkedHashMap<>();

  @Override
  public Optional<DirectoryAccount> findByEmployeeNumber(String employeeNumber) {
    return Optional.ofNullable(byEmployeeNumber.get(employeeNumber));
  }

  @Override
  public List<DirectoryAccount> listPeople() {
    return new ArrayList<>(byEmployeeNumber.values());
  }

  @Override
  public DirectoryAccount create(StaffRecord staff, String loginName) {
    if (byEmployeeNumber.containsKey(staff.employeeNumber())) {
      throw new DirectoryException(
          ResultCode.ENTRY_ALREADY_EXISTS, "entry exists for " + staff.employeeNumber(), null);
    }
    DirectoryAccount account =
        new DirectoryAccount(
            "uid=" + loginName + ",ou=people,dc=mamori,dc=example",
            staff.employeeNumber(),
            loginName,
            staff.fullName(),
            staff.sectionCode(),
            true);
    byEmployeeNumber.put(staff.employeeNumber(), account);
    return account;
  }

  @Override
  public void close() {}
}
