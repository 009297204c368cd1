package jp.mamori.webauthn;

/**
 * A credential's backup flags in the authenticator data (WebAuthn Level 3 §6.1): whether the
 * credential may be copied off the authenticator, and whether it is. A synced passkey is backup
 * eligible; a security key or an IC card is not.
 *
 * <p>Backup eligibility is fixed when the credential is created and never changes (§6.1.3); the
 * backup state may change later (0 → 1 when a cloud account has copied the key). A credential that
 * is backed up but not backup eligible is an invalid combination and cannot be represented here.
 *
 * @param eligible the BE flag (bit 3, {@code 0x08}): the credential may be backed up
 * @param backedUp the BS flag (bit 4, {@code 0x10}): the credential is backed up now
 */
public record BackupFlags(boolean eligible, boolean backedUp) {

  /** Neither eligible nor backed up: a device-bound credential. */
  public static final BackupFlags DEVICE_BOUND = new BackupFlags(false, false);

  public BackupFlags {
    if (backedUp && !eligible) {
      throw new IllegalArgumentException(
          "backup flags: expected BS=0 when BE=0 (a credential that may not be backed up cannot be"
              + " backed up, WebAuthn L3 §6.1), found BE=0, BS=1");
    }
  }

  /** The flags as the specification writes them, e.g. {@code BE=1, BS=0}. */
  @Override
  public String toString() {
    return "BE=" + (eligible ? 1 : 0) + ", BS=" + (backedUp ? 1 : 0);
  }
}
