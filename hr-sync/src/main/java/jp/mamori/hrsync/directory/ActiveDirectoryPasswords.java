package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * The password values Active Directory takes: {@code unicodePwd}'s encoding, and the random
 * password nobody learns that opens a new account (Keycloak holds the person's password in that
 * mode). Neither value is ever logged or put in a message.
 */
final class ActiveDirectoryPasswords {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ActiveDirectoryPasswords() {}

  /** {@code unicodePwd}'s value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5). */
  static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }

  /** 32 random characters with every class AD's complexity rule counts. */
  static String unknownPassword() {
    String[] classes = {
      "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!#%+=@"
    };
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      String from = classes[i % classes.length];
      out.append(from.charAt(RANDOM.nextInt(from.length())));
    }
    return out.toString();
  }

  /**
   * The modifications that open a just-created Active Directory account: a random password nobody
   * learns, then enabled as a normal account, in one modify (AD requires a protected connection for
   * {@code unicodePwd}).
   */
  static List<Modification> openNewAccount() {
    return List.of(
        new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd(unknownPassword())),
        new Modification(
            ModificationType.REPLACE,
            PersonEntries.USER_ACCOUNT_CONTROL,
            Integer.toString(DirectorySchema.UAC_NORMAL_ACCOUNT)));
  }
}
