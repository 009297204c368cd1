package jp.mamori.authz.stack;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import jp.mamori.authz.privileged.PrivilegedAccess;
import jp.mamori.authz.privileged.PrivilegedAccount;
import jp.mamori.hrsync.directory.DirectorySettings;

/**
 * The demo's sample privileged ID (特権ID台帳, PR-1), only under the {@code demo} profile: a directory
 * administrator account {@value #ID} in the demo's directory, registered in the registry so that
 * one ID administrator may request it and the other approve: the head of 情報システム課 ({@value #HEAD})
 * and their 係長 ({@value #DEPUTY}), the demo's two ID administrators. Its first password is random
 * and known to nobody: the first checkout sets the one shown to the holder.
 */
final class DemoPrivileged {

  /** The registry's name of the sample, and the directory account's uid. */
  static final String ID = "demo-admin";

  static final String HEAD = "10029";
  static final String DEPUTY = "10030";

  private DemoPrivileged() {}

  /** Creates the directory account and registers it, unless registered already. */
  static void register(PrivilegedAccess access, DirectorySettings directory) {
    if (access.account(ID).isPresent()) {
      return;
    }
    String dn = "uid=" + ID + "," + directory.peopleDn();
    byte[] initial = new byte[24];
    new SecureRandom().nextBytes(initial);
    try (LDAPConnection c =
        new LDAPConnection(
            directory.host(), directory.port(), directory.bindDn(), directory.bindPassword())) {
      c.add(
          "dn: " + dn,
          "objectClass: inetOrgPerson",
          "uid: " + ID,
          "cn: " + ID,
          "sn: demo directory administrator",
          "userPassword: " + Base64.getEncoder().encodeToString(initial));
    } catch (LDIFException e) {
      throw new IllegalStateException("The demo's privileged account entry is malformed: " + e, e);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
        throw new IllegalStateException(
            "Expected to create the demo's privileged account " + dn + "; the directory said " + e,
            e);
      }
    }
    access.register(
        new PrivilegedAccount(
            ID,
            PrivilegedAccount.Kind.DIRECTORY,
            dn,
            "ディレクトリ管理者 (デモ) / directory administrator (demo)",
            HEAD,
            Set.of(HEAD, DEPUTY),
            Set.of(HEAD, DEPUTY),
            Duration.ofHours(2),
            true,
            false,
            Instant.EPOCH,
            HEAD,
            null,
            null),
        HEAD);
  }
}
