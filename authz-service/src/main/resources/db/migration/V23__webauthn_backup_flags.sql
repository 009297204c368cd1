-- Backup flags of Mamori's step-up credentials (WebAuthn Level 3 §6.1; MF-2): backup eligibility
-- (BE) as recorded at registration, fixed for the credential's lifetime, and the backup state (BS)
-- last seen in a verified ceremony. Null for credentials registered before this version: their first
-- verified assertion records both (Yubico's library compares BE only once it is recorded).
alter table webauthn_credential add column backup_eligible boolean;
alter table webauthn_credential add column backup_state boolean;

-- Both known or both unknown, and never backed up without being backup eligible.
alter table webauthn_credential add constraint webauthn_credential_backup_flags check (
    (backup_eligible is null and backup_state is null)
    or (backup_eligible is not null and backup_state is not null
        and (backup_eligible or not backup_state)));
