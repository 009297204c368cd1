package jp.mamori.hrsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jp.mamori.hrsync.directory.DirectoryAccount;
import jp.mamori.hrsync.directory.DirectoryPort;
import jp.mamori.hrsync.hr.EmploymentStatus;
import jp.mamori.hrsync.hr.HrFile;
import jp.mamori.hrsync.hr.StaffRecord;

/**
 * Registers staff from the HR file in the directory and the identity provider by one defined
 * procedure (LC-1): every active person gets a directory entry and an SSO account with a temporary
 * password that must be changed at first login (PW-4).
 *
 * <p>Additive and idempotent: a person already present is left alone (no second temporary
 * password), a run cut off half-way is completed by the next run, and nothing is ever deleted here,
 * so a truncated HR file cannot remove anyone. Movers, leavers and suspensions are the lifecycle
 * reconciliation's work, not this class's.
 *
 * <p>The login name is the employee number (職員番号).
 */
public final class ProvisioningSync {

  private final DirectoryPort directory;
  private final IdentityProviderPort identityProvider;
  private final Supplier<TemporaryPassword> passwords;
  private final Clock clock;

  /**
   * @param passwords issues a fresh temporary password to the policy for each new account
   */
  public ProvisioningSync(
      DirectoryPort directory,
      IdentityProviderPort identityProvider,
      Supplier<TemporaryPassword> passwords,
      Clock clock) {
    this.directory = directory;
    this.identityProvider = identityProvider;
    this.passwords = passwords;
    this.clock = clock;
  }

  public SyncReport run(HrFile hr) {
    Instant started = clock.instant();
    List<ProvisioningOutcome> outcomes = new ArrayList<>();
    for (StaffRecord staff : hr.records()) {
      outcomes.add(provision(staff));
    }
    return new SyncReport(hr.file(), started, clock.instant(), outcomes, hr.problems());
  }

  private ProvisioningOutcome provision(StaffRecord staff) {
    if (staff.status() != EmploymentStatus.ACTIVE) {
      return new ProvisioningOutcome.Skipped(
          staff.employeeNumber(),
          "在籍区分が在職ではないため登録しません (status " + staff.status() + " is not ACTIVE)");
    }
    String username = staff.employeeNumber();
    DirectoryAccount entry;
    boolean directoryCreated = false;
    try {
      Optional<DirectoryAccount> found = directory.findByEmployeeNumber(staff.employeeNumber());
      if (found.isPresent()) {
        entry = found.get();
      } else {
        entry = directory.create(staff, username);
        directoryCreated = true;
      }
    } catch (RuntimeException e) {
      return failed(staff, "directory", e);
    }
    try {
      Optional<IdpAccount> account = identityProvider.findByUsername(username);
      if (account.isPresent()) {
        if (!directoryCreated) {
          return new ProvisioningOutcome.Unchanged(staff.employeeNumber(), username);
        }
        return new ProvisioningOutcome.Created(
            staff.employeeNumber(),
            username,
            staff.sectionCode(),
            true,
            entry.dn(),
            false,
            account.get().id(),
            Optional.empty());
      }
      TemporaryPassword password = passwords.get();
      IdpAccount created = identityProvider.create(staff, username, password);
      return new ProvisioningOutcome.Created(
          staff.employeeNumber(),
          username,
          staff.sectionCode(),
          directoryCreated,
          entry.dn(),
          true,
          created.id(),
          Optional.of(password));
    } catch (RuntimeException e) {
      return failed(staff, "identity-provider", e);
    }
  }

  private static ProvisioningOutcome failed(StaffRecord staff, String step, RuntimeException e) {
    boolean retryable =
        switch (e) {
          case jp.mamori.hrsync.keycloak.KeycloakException k -> k.retryable();
          case jp.mamori.hrsync.directory.DirectoryException d -> d.retryable();
          default -> false;
        };
    return new ProvisioningOutcome.Failed(
        staff.employeeNumber(),
        step,
        e.getClass().getSimpleName() + ": " + e.getMessage(),
        retryable);
  }
}
