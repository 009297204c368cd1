package jp.mamori.hrsync.directory;

import java.util.Objects;
import java.util.Optional;

/**
 * How a TLS connection to the directory starts and which certificates it trusts ({@link
 * DirectorySettings#useTls()}).
 *
 * <p>{@link #toString()} does not show the trust store's password.
 *
 * @param mode {@link Mode#AUTO} (LDAPS on ports 636 and 3269, StartTLS on any other), {@link
 *     Mode#LDAPS} (TLS from the first byte on any port: AD LDS on 50001, a load balancer) or {@link
 *     Mode#STARTTLS}
 * @param trustStore a PKCS12 or JKS file holding the CA certificate(s) that sign the directory's
 *     certificate — usually the municipality's internal CA; empty for the JVM's trust store ({@code
 *     javax.net.ssl.trustStore}, else the JDK's {@code cacerts})
 * @param trustStorePassword that file's password, or empty when it has none
 */
public record DirectoryTls(Mode mode, Optional<String> trustStore, String trustStorePassword) {

  /** How the TLS handshake starts. */
  public enum Mode {
    /** LDAPS on 636 (LDAP) and 3269 (AD global catalog), StartTLS on any other port. */
    AUTO,
    /** TLS from the first byte, on any port. */
    LDAPS,
    /** A plain connection upgraded by the StartTLS extended operation before the bind. */
    STARTTLS
  }

  /** By port, trusting the JVM's trust store. */
  public static final DirectoryTls DEFAULT = new DirectoryTls(Mode.AUTO, Optional.empty(), "");

  public DirectoryTls {
    Objects.requireNonNull(mode, "mode must be one of AUTO, LDAPS, STARTTLS");
    Objects.requireNonNull(trustStore, "trustStore must be a path or empty");
    if (trustStore.isPresent() && trustStore.get().isBlank()) {
      throw new IllegalArgumentException(
          "trustStore must be the path of a PKCS12 or JKS file, got an empty path");
    }
    trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
  }

  /** Whether a TLS connection on {@code port} starts with TLS (LDAPS) rather than StartTLS. */
  public boolean ldapsOn(int port) {
    return switch (mode) {
      case LDAPS -> true;
      case STARTTLS -> false;
      case AUTO -> port == 636 || port == 3269;
    };
  }

  @Override
  public String toString() {
    return "DirectoryTls[mode="
        + mode
        + ", trustStore="
        + trustStore.orElse("(JVM trust store)")
        + ", trustStorePassword=(hidden)]";
  }
}
