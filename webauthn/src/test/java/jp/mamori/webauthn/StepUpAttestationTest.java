package jp.mamori.webauthn;

import static org.assertj.core.api.Assertions.assertThat;

import com.yubico.webauthn.data.ByteArray;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import jp.mamori.webauthn.testing.SoftwareAuthenticator;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * With manufacturers' attestation roots configured (MF-2), the relying party asks for direct
 * attestation and registers only authenticators whose "packed" attestation chains to one of them,
 * and of an allowed model: an authenticator's own claim of its model ("none" attestation, or a
 * chain to another root) is not enough.
 */
class StepUpAttestationTest {

  private static final String ORIGIN = "https://mamori.example.lg.jp";
  private static final String RP_ID = "mamori.example.lg.jp";

  /** A manufacturer: its root and one attestation key with its certificate. */
  record Maker(X509Certificate root, KeyPair attestation, X509Certificate leaf) {}

  @Test
  void registrationWhenAttestationChainsToATrustedRootOfAnAllowedModelThenRegistered()
      throws Exception {
    Maker trusted = maker("Trusted Keys Inc.");
    StepUpRelyingParty rp = relyingParty(Set.of(SoftwareAuthenticator.AAGUID), trusted.root());

    RegistrationOutcome outcome = registerAttested(rp, trusted);

    assertThat(outcome).isInstanceOf(RegistrationOutcome.Registered.class);
  }

  @Test
  void registrationWhenOnlyTheAuthenticatorsClaimThenRefusedAsUntrusted() throws Exception {
    Maker trusted = maker("Trusted Keys Inc.");
    StepUpRelyingParty rp = relyingParty(Set.of(SoftwareAuthenticator.AAGUID), trusted.root());
    SoftwareAuthenticator key = new SoftwareAuthenticator();

    RegistrationOutcome outcome =
        rp.finishRegistration(
            "A00123", "key", key.register(challenge(rp), ORIGIN, RP_ID, true)); // "none"

    assertThat(outcome)
        .isInstanceOfSatisfying(
            RegistrationOutcome.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.ATTESTATION_UNTRUSTED));
  }

  @Test
  void registrationWhenAttestationChainsToAnotherRootThenRefusedAsUntrusted() throws Exception {
    Maker trusted = maker("Trusted Keys Inc.");
    Maker other = maker("Unknown Gadgets Ltd.");
    StepUpRelyingParty rp = relyingParty(Set.of(SoftwareAuthenticator.AAGUID), trusted.root());

    assertThat(registerAttested(rp, other))
        .isInstanceOfSatisfying(
            RegistrationOutcome.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.ATTESTATION_UNTRUSTED));
  }

  @Test
  void registrationWhenTrustedButModelNotAllowedThenRefusedForTheModel() throws Exception {
    Maker trusted = maker("Trusted Keys Inc.");
    ByteArray otherModel = new ByteArray(new byte[16]);
    StepUpRelyingParty rp = relyingParty(Set.of(otherModel), trusted.root());

    assertThat(registerAttested(rp, trusted))
        .isInstanceOfSatisfying(
            RegistrationOutcome.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Refusal.AUTHENTICATOR_MODEL));
  }

  @Test
  void registrationOptionsWhenRootsConfiguredThenAskForDirectAttestation() throws Exception {
    StepUpRelyingParty rp = relyingParty(Set.of(), maker("Trusted Keys Inc.").root());

    assertThat(options(rp)).contains("\"attestation\":\"direct\"");
  }

  private static RegistrationOutcome registerAttested(StepUpRelyingParty rp, Maker maker) {
    SoftwareAuthenticator key = new SoftwareAuthenticator();
    String response =
        key.registerAttested(
            challenge(rp), ORIGIN, RP_ID, maker.attestation().getPrivate(), List.of(maker.leaf()));
    return rp.finishRegistration("A00123", "key", response);
  }

  private static ByteArray challenge(StepUpRelyingParty rp) {
    return SoftwareAuthenticator.challengeOf(options(rp));
  }

  /** Registration options, authorised by a one-time grant issued at the desk. */
  private static String options(StepUpRelyingParty rp) {
    return ((StepUpRelyingParty.Start.Options)
            rp.startRegistration("A00123", "山田 太郎", new Enrolment.ByGrant("1", "desk")))
        .json();
  }

  private static StepUpRelyingParty relyingParty(Set<ByteArray> models, X509Certificate root) {
    return new StepUpRelyingParty(
        new RelyingPartySettings(RP_ID, "Mamori", Set.of(URI.create(ORIGIN))),
        new InMemoryCredentialStore(),
        new InMemoryCeremonyStore(),
        AuthenticatorEvents.NONE,
        java.time.Clock.systemUTC(),
        Duration.ofMinutes(2),
        models,
        Set.of(root));
  }

  /**
   * A manufacturer's root CA and an attestation certificate as WebAuthn L3 §8.2.1 requires for
   * "packed": version 3, subject C, O, OU "Authenticator Attestation", CN; not a CA; the AAGUID
   * extension (1.3.6.1.4.1.45724.1.1.4) naming the model.
   */
  private static Maker maker(String organisation) throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair rootKeys = ec.generateKeyPair();
    KeyPair attestation = ec.generateKeyPair();
    Date from = Date.from(Instant.now().minus(Duration.ofDays(1)));
    Date to = Date.from(Instant.now().plus(Duration.ofDays(3650)));
    X500Name rootName = new X500Name("C=JP, O=" + organisation + ", CN=" + organisation + " Root");
    X509v3CertificateBuilder root =
        new JcaX509v3CertificateBuilder(
                rootName, BigInteger.ONE, from, to, rootName, rootKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509v3CertificateBuilder leaf =
        new JcaX509v3CertificateBuilder(
                rootName,
                BigInteger.TWO,
                from,
                to,
                new X500Name(
                    "C=JP, O=" + organisation + ", OU=Authenticator Attestation, CN=Key Batch 1"),
                attestation.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.45724.1.1.4"),
                false,
                new DEROctetString(SoftwareAuthenticator.AAGUID.getBytes()));
    JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    return new Maker(
        converter.getCertificate(root.build(signer.build(rootKeys.getPrivate()))),
        attestation,
        converter.getCertificate(leaf.build(signer.build(rootKeys.getPrivate()))));
  }
}
