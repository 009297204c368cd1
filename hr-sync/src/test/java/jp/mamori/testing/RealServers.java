package jp.mamori.testing;

import com.unboundid.ldap.sdk.LDAPBindException;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/** What the real-server test helpers share: programs, child processes and binds as a person. */
public final class RealServers {

  private RealServers() {}

  /**
   * The program's path, or a failure naming the Debian package that provides it (the servers are
   * part of the test environment; {@code .ci/run} installs them, so a missing one is an error, not
   * a reason to skip).
   */
  static String requireProgram(String path, String debianPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(
          path
              + " not found: the real-server tests need Debian's "
              + debianPackage
              + " package (apt-get install "
              + debianPackage
              + "; .ci/run installs it)");
    }
    return path;
  }

  /** Runs a command to its end within {@code timeout}; a failure shows its output. */
  static String run(List<String> command, Path workDir, Duration timeout) {
    try {
      Path out = Files.createTempFile(workDir, "cmd-", ".log");
      Process p =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "expected " + command.get(0) + " to finish within " + timeout + ": " + read(out));
      }
      String output = read(out);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "expected exit 0 from " + command + ", found " + p.exitValue() + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  private static String read(Path file) throws IOException {
    String text = Files.readString(file);
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }

  /**
   * How a bind as a person went: the result code, the server's diagnostic message (AD's {@code data
   * 773} and the like), and the password policy's answer where the server gives one (OpenLDAP's
   * ppolicy: {@code CHANGE_AFTER_RESET}, {@code ACCOUNT_LOCKED}).
   */
  public record BindResult(
      ResultCode code,
      String diagnostic,
      Optional<DraftBeheraLDAPPasswordPolicy10ErrorType> policyError) {

    public boolean succeeded() {
      return code == ResultCode.SUCCESS;
    }

    /** Whether the server accepted the password but requires a change before anything else. */
    public boolean mustChangePassword() {
      return policyError
              .filter(e -> e == DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET)
              .isPresent()
          || diagnostic.contains("data 773");
    }

    /** Whether the server refused because the account is locked or disabled. */
    public boolean locked() {
      return policyError
              .filter(e -> e == DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED)
              .isPresent()
          || diagnostic.contains("data 775")
          || diagnostic.contains("data 533");
    }

    /** Whether the server answered "usable" with nothing pending: the person is logged in. */
    public boolean usable() {
      return succeeded() && !mustChangePassword();
    }
  }

  /** Binds once on a new connection as {@code dn} and says how it went. */
  static BindResult bind(
      String host,
      int port,
      SocketFactory sockets,
      String dn,
      String password,
      boolean passwordPolicyControl) {
    try (LDAPConnection c =
        sockets == null
            ? new LDAPConnection(host, port)
            : new LDAPConnection(sockets, host, port)) {
      SimpleBindRequest request =
          passwordPolicyControl
              ? new SimpleBindRequest(
                  dn, password, new DraftBeheraLDAPPasswordPolicy10RequestControl())
              : new SimpleBindRequest(dn, password);
      try {
        com.unboundid.ldap.sdk.BindResult answer = c.bind(request);
        return of(answer);
      } catch (LDAPBindException e) {
        return of(e.getBindResult());
      }
    } catch (LDAPException e) {
      return new BindResult(
          e.getResultCode(), String.valueOf(e.getDiagnosticMessage()), Optional.empty());
    }
  }

  private static BindResult of(com.unboundid.ldap.sdk.BindResult answer) {
    Optional<DraftBeheraLDAPPasswordPolicy10ErrorType> error = Optional.empty();
    try {
      DraftBeheraLDAPPasswordPolicy10ResponseControl control =
          DraftBeheraLDAPPasswordPolicy10ResponseControl.get(answer);
      if (control != null) {
        error = Optional.ofNullable(control.getErrorType());
      }
    } catch (LDAPException e) {
      // an unreadable control is no answer
    }
    String diagnostic = answer.getDiagnosticMessage();
    return new BindResult(answer.getResultCode(), diagnostic == null ? "" : diagnostic, error);
  }
}
