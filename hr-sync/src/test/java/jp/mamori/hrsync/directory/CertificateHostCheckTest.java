package jp.mamori.hrsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The host-name check of the directory's certificate, for every host alike: an IP address only by
 * an iPAddress name, a host name by a dNSName (the CN only when there is none), case-insensitive, a
 * wildcard for exactly one left-most label.
 */
class CertificateHostCheckTest {

  @Test
  void namesWhenOnlyDnsLocalhostThenTheLoopbackAddressIsNotNamed() throws Exception {
    X509Certificate cert =
        certificate("CN=localhost", new GeneralName(GeneralName.dNSName, "localhost"));

    assertThat(names(cert, "localhost")).isTrue();
    assertThat(names(cert, "LOCALHOST")).isTrue();
    assertThat(names(cert, "127.0.0.1")).isFalse();
    assertThat(names(cert, "::1")).isFalse();
  }

  @Test
  void namesWhenIpAddressNameThenOnlyThatAddressAndNotAHostName() throws Exception {
    X509Certificate cert =
        certificate("CN=localhost", new GeneralName(GeneralName.iPAddress, "127.0.0.1"));

    assertThat(names(cert, "127.0.0.1")).isTrue();
    assertThat(names(cert, "127.0.0.2")).isFalse();
    assertThat(names(cert, "localhost")).as("no dNSName at all: the CN names the host").isTrue();
  }

  @Test
  void namesWhenNoSubjectAlternativeNameThenTheCommonNameDecidesForHostNamesOnly()
      throws Exception {
    X509Certificate cert = certificate("O=Samba Administration,CN=DC1.mamori.test");

    assertThat(names(cert, "dc1.mamori.test")).isTrue();
    assertThat(names(cert, "dc2.mamori.test")).isFalse();
    assertThat(names(cert, "127.0.0.1")).isFalse();
  }

  @Test
  void namesWhenDnsNamesPresentThenTheCommonNameIsNotUsed() throws Exception {
    X509Certificate cert =
        certificate("CN=ldap.city.lg.jp", new GeneralName(GeneralName.dNSName, "dc1.city.lg.jp"));

    assertThat(names(cert, "dc1.city.lg.jp")).isTrue();
    assertThat(names(cert, "ldap.city.lg.jp")).isFalse();
  }

  @Test
  void namesWhenWildcardThenExactlyOneLeftMostLabel() throws Exception {
    X509Certificate cert =
        certificate("CN=x", new GeneralName(GeneralName.dNSName, "*.city.lg.jp"));

    assertThat(names(cert, "dc1.city.lg.jp")).isTrue();
    assertThat(names(cert, "a.dc1.city.lg.jp")).isFalse();
    assertThat(names(cert, "city.lg.jp")).isFalse();
  }

  private static boolean names(X509Certificate cert, String host) {
    return CertificateHostCheck.names(cert, host, new ArrayList<>());
  }

  private static X509Certificate certificate(String subject, GeneralName... alternatives)
      throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name(subject);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            Date.from(Instant.now().minus(Duration.ofDays(1))),
            Date.from(Instant.now().plus(Duration.ofDays(1))),
            name,
            keys.getPublic());
    if (alternatives.length > 0) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }
}
