/**
 * The LDAP directory (OpenLDAP or Active Directory) as a target of account provisioning.
 *
 * <p>{@link jp.mamori.hrsync.directory.DirectoryPort} is the port the sync core owns; {@link
 * jp.mamori.hrsync.directory.LdapDirectory} implements it with the UnboundID LDAP SDK; {@link
 * jp.mamori.hrsync.directory.EmbeddedDirectory} is a real in-memory LDAP server for the demo and
 * for tests, so that the connector is always tested over the LDAP protocol rather than with mocks.
 *
 * <p>Security properties: filters and DNs are built from objects, never from strings, so values
 * cannot inject filter or DN syntax; the bind password travels only over TLS (or loopback) and
 * never appears in logs, {@code toString()} or exceptions; a failed listing is an exception, never
 * a partial list that reconciliation could mistake for deleted accounts.
 */
package jp.mamori.hrsync.directory;
