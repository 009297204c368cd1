package jp.mamori.hrsync.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test helper: a small PKI made at run time — an IC-card CA and its cards (X.509 client
 * certificates with their keys), and a TLS server certificate for {@code localhost}.
 */
final class TestCertificates {

  /** A certificate with its private key. */
  record Issued(X509Certificate certificate, KeyPair keys) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCertificates() {}

  static Issued ca(String commonName) {
    KeyPair keys = keys();
    X500Name name = new X500Name("CN=" + commonName + ",O=Example City");
    return new Issued(
        build(
            name,
            name,
            keys,
            keys,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(3650)),
            true,
            null),
        keys);
  }

  /** A card (end-entity, client authentication) issued by {@code ca}, valid in the window. */
  static Issued card(Issued ca, String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = keys();
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    return new Issued(
        build(
            issuer,
            new X500Name("CN=" + commonName + ",O=Example City"),
            keys,
            ca.keys(),
            notBefore,
            notAfter,
            false,
            KeyPurposeId.id_kp_clientAuth),
        keys);
  }

  static Issued card(Issued ca, String commonName) {
    return card(
        ca,
        commonName,
        Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(365)));
  }

  /** A self-signed TLS server certificate for localhost and 127.0.0.1. */
  static Issued server() {
    KeyPair keys = keys();
    X500Name name = new X500Name("CN=localhost");
    return new Issued(
        build(
            name,
            name,
            keys,
            keys,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(30)),
            false,
            KeyPurposeId.id_kp_serverAuth),
        keys);
  }

  /** Writes a certificate (CERTIFICATE) or a private key (PKCS#8 PRIVATE KEY) as PEM. */
  static void writePem(Path file, Object object) {
    String type;
    byte[] der;
    try {
      if (object instanceof X509Certificate c) {
        type = "CERTIFICATE";
        der = c.getEncoded();
      } else if (object instanceof java.security.PrivateKey k) {
        type = "PRIVATE KEY";
        der = k.getEncoded(); // PKCS#8
      } else {
        throw new IllegalArgumentException(
            "expected a certificate or a private key; found " + object);
      }
      Files.writeString(
          file,
          "-----BEGIN "
              + type
              + "-----\n"
              + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
              + "\n-----END "
              + type
              + "-----\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a PKCS#12 trust store holding {@code trusted}. */
  static void writeTrustStore(Path file, String password, X509Certificate trusted) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", trusted);
      try (var out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A TLS context that presents {@code client} (null: no certificate) and trusts only {@code
   * server}.
   */
  static SSLContext tls(Issued client, X509Certificate server) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", server);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "card-pin".toCharArray();
      if (client != null) {
        keys.setKeyEntry(
            "card",
            client.keys().getPrivate(),
            password,
            new X509Certificate[] {client.certificate()});
      }
      kmf.init(keys, password);
      javax.net.ssl.X509ExtendedKeyManager standard =
          (javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0];
      // Presents the card whatever CAs the server names, as a card reader does: the server, not
      // the client, decides whether the card's CA is trusted.
      javax.net.ssl.X509ExtendedKeyManager always =
          new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
              return client == null ? null : new String[] {"card"};
            }

            @Override
            public String chooseClientAlias(
                String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
              return client == null ? null : "card";
            }

            @Override
            public String chooseEngineClientAlias(
                String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine e) {
              return client == null ? null : "card";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
              return null;
            }

            @Override
            public String chooseServerAlias(
                String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
              return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
              return standard.getCertificateChain(alias);
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
              return standard.getPrivateKey(alias);
            }
          };
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new javax.net.ssl.KeyManager[] {always}, tmf.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate build(
      X500Name issuer,
      X500Name subject,
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      KeyPurposeId purpose) {
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (purpose == KeyPurposeId.id_kp_serverAuth) {
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(
                  new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                  }));
        }
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("could not build a test certificate for " + subject, e);
    }
  }
}
