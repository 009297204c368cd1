package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import java.util.List;

/**
 * Writes of {@link LdapDirectory}: adds, modifications (plain, permissive-modify, group members),
 * deletes and extended operations. Each failure is a {@link DirectoryException} naming the
 * operation and DN only, never a value written. Adds are never retried: an add whose response was
 * lost may have been applied.
 */
final class EntryWrites {

  private final DirectorySettings settings;
  private final DirectorySchema schema;
  private final LDAPConnectionPool pool;

  EntryWrites(DirectorySettings settings, LDAPConnectionPool pool) {
    this.settings = settings;
    this.schema = settings.schema();
    this.pool = pool;
  }

  /** Adds a person's entry; a failure is reported as the operation {@code add} of {@code dn}. */
  void addPerson(DN dn, Entry entry) {
    try {
      pool.add(entry);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, "add", dn.toString(), e);
    }
  }

  /**
   * Opens a just-created account for use where the server needs more than the add: in Active
   * Directory the account is added disabled (AD refuses an enabled account without a password
   * unless {@code PASSWD_NOTREQD} is set, an audit finding), so it gets a random password nobody
   * learns — Keycloak holds the person's password in this mode — and is then enabled, both in one
   * modify over the protected connection AD requires for {@code unicodePwd}. OpenLDAP accounts are
   * usable as added.
   */
  void openNew(String dn) {
    if (schema != DirectorySchema.ACTIVE_DIRECTORY) {
      return;
    }
    try {
      pool.modify(dn, ActiveDirectoryPasswords.openNewAccount());
    } catch (LDAPException e) {
      // the value is random and unseen, but the message is built without it all the same
      throw DirectoryFailures.of(
          settings, "enable new account (random password, then enabled)", dn, e);
    }
  }

  /**
   * Applies modifications and lets the caller map the failure (values such as a password must not
   * reach a message: {@link DirectoryFailures} names the operation and DN only).
   */
  void modifyRaw(String dn, List<Modification> modifications) throws LDAPException {
    pool.modify(dn, modifications);
  }

  /** Sends an extended operation over a pooled connection (e.g. RFC 3062 Password Modify). */
  ExtendedResult extended(ExtendedRequest request) throws LDAPException {
    return pool.processExtendedOperation(request);
  }

  /** Applies modifications to one entry. */
  void modify(String dn, List<Modification> modifications, String operation) {
    try {
      pool.modify(dn, modifications);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, dn, e);
    }
  }

  /**
   * Adds and removes values with the permissive-modify control (1.2.840.113556.1.4.1413, supported
   * by Active Directory, OpenLDAP and the in-memory server): adding a value already there or
   * removing one already gone is not an error, so the change is idempotent in one request. The
   * control is not critical; a server that ignores it answers such a change with an error, which
   * the caller then handles by reading the entry first.
   */
  void modifyPermissive(String dn, List<Modification> modifications, String operation) {
    try {
      pool.modify(
          new ModifyRequest(
              dn, modifications, new Control[] {new PermissiveModifyRequestControl(false)}));
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, dn, e);
    }
  }

  /**
   * Adds {@code memberDn} to the group {@code groupDn}; a member already there is no error
   * (idempotent). Active Directory answers such an add with {@code entryAlreadyExists} even under
   * the permissive-modify control (seen on Samba 4.17), so that answer is taken for "already a
   * member" as well.
   */
  void addMember(String groupDn, String memberDn, String operation) {
    try {
      pool.modify(
          new ModifyRequest(
              groupDn,
              List.of(new Modification(ModificationType.ADD, "member", memberDn)),
              new Control[] {new PermissiveModifyRequestControl(false)}));
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS
          && e.getResultCode() != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
        throw DirectoryFailures.of(settings, operation, groupDn, e);
      }
    }
  }

  /** Adds one entry (outside the people subtree too: a password policy entry, a PSO). */
  void add(Entry entry, String operation) {
    try {
      pool.add(entry);
    } catch (LDAPException e) {
      throw DirectoryFailures.of(settings, operation, entry.getDN(), e);
    }
  }

  /** Deletes one entry; an entry that is already gone counts as deleted (idempotent). */
  void deleteEntry(String dn) {
    try {
      pool.delete(dn);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
        throw DirectoryFailures.of(settings, "delete", dn, e);
      }
    }
  }
}
