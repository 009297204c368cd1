package jp.mamori.hrsync.reconcile;

/** A system whose accounts are reconciled with HR. */
public enum Target {
  /** The directory (LDAP / Active Directory). */
  DIRECTORY,
  /** The SSO identity provider (Keycloak). */
  IDENTITY_PROVIDER
}
