package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The certificates the connector trusts for the directory's TLS (see {@link DirectoryTls}). */
final class DirectoryTrust {

  private DirectoryTrust() {}

  /**
   * The trust manager for the server's certificate: the configured trust store, loaded now so that
   * a missing file, a wrong password or a store without certificates stops the connect naming the
   * setting, or the JVM's trust store when none is configured.
   */
  static X509TrustManager trustManager(DirectorySettings settings) {
    Optional<String> configured = settings.tls().trustStore();
    if (configured.isEmpty()) {
      return JVMDefaultTrustManager.getInstance();
    }
    Path file = Path.of(configured.get());
    String setting = "trustStore " + file.toAbsolutePath();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new DirectoryException(
          ResultCode.LOCAL_ERROR,
          setting
              + ": expected a readable PKCS12 or JKS file with the directory's CA certificate,"
              + " found "
              + (Files.exists(file) ? "a file this process cannot read" : "no such file"),
          null);
    }
    String password = settings.tls().trustStorePassword();
    KeyStore store;
    try {
      store =
          KeyStore.getInstance(file.toFile(), password.isEmpty() ? null : password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      Throwable why = e.getCause() != null ? e.getCause() : e;
      throw new DirectoryException(
          ResultCode.LOCAL_ERROR,
          setting
              + ": expected a PKCS12 or JKS trust store that opens with trustStorePassword, found"
              + " one that does not open ("
              + why.getClass().getSimpleName()
              + (why.getMessage() == null ? "" : ": " + why.getMessage())
              + "). Check the file and its password (not shown)",
          null);
    }
    try {
      boolean anyCertificate = false;
      for (String alias : java.util.Collections.list(store.aliases())) {
        anyCertificate |= store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
      }
      if (!anyCertificate) {
        throw new DirectoryException(
            ResultCode.LOCAL_ERROR,
            setting + ": expected at least one CA certificate, found a store without certificates",
            null);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new DirectoryException(
          ResultCode.LOCAL_ERROR, setting + ": the JDK made no X.509 trust manager of it", null);
    } catch (GeneralSecurityException e) {
      throw new DirectoryException(
          ResultCode.LOCAL_ERROR, setting + ": cannot be used: " + e.getMessage(), e);
    }
  }
}
