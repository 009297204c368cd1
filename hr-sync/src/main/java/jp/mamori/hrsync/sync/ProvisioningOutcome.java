package jp.mamori.hrsync.sync;

/** What the sync did for one person in the HR file. */
public sealed interface ProvisioningOutcome {

  String employeeNumber();

  /**
   * New in the directory and/or the identity provider. A temporary password is issued only when the
   * identity-provider account is new ({@code password} is then present).
   */
  record Created(
      String employeeNumber,
      String username,
      String sectionCode,
      boolean directoryCreated,
      String directoryDn,
      boolean identityProviderCreated,
      String identityProviderId,
      java.util.Optional<TemporaryPassword> password)
      implements ProvisioningOutcome {}

  /** Present in both already; nothing done. */
  record Unchanged(String employeeNumber, String username) implements ProvisioningOutcome {}

  /** Not provisioned in this version because the HR state does not call for an active account. */
  record Skipped(String employeeNumber, String reason) implements ProvisioningOutcome {}

  /** A step failed; the next run picks it up again. */
  record Failed(String employeeNumber, String step, String message, boolean retryable)
      implements ProvisioningOutcome {}
}
