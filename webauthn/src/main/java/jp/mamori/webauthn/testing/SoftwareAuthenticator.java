package jp.mamori.webauthn.testing;

import com.yubico.webauthn.data.ByteArray;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A WebAuthn authenticator in software (ES256, attestation "none" or "packed"), for tests and the
 * benchmark: it answers {@code create()} and {@code get()} the way a security key does, with
 * control over what a test needs to get wrong (origin, RP ID, user verification, counter, backup
 * flags). Never used by the service.
 */
public final class SoftwareAuthenticator {

  /** AAGUID this authenticator reports. */
  public static final ByteArray AAGUID =
      new ByteArray("mamori-software!".getBytes(StandardCharsets.US_ASCII)); // 16 bytes

  private final KeyPair keys;
  private final ByteArray credentialId;
  private long counter;
  private boolean backupEligible;
  private boolean backedUp;

  public SoftwareAuthenticator() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 keys are not available in this JVM", e);
    }
    byte[] id = new byte[32];
    new SecureRandom().nextBytes(id);
    credentialId = new ByteArray(id);
  }

  private static final java.util.regex.Pattern CHALLENGE =
      java.util.regex.Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"");

  /** The challenge of {@code create()} or {@code get()} options, as a browser would read it. */
  public static ByteArray challengeOf(String optionsJson) {
    java.util.regex.Matcher m = CHALLENGE.matcher(optionsJson);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "expected options with a challenge, found: " + optionsJson);
    }
    try {
      return ByteArray.fromBase64Url(m.group(1));
    } catch (com.yubico.webauthn.data.exception.Base64UrlException e) {
      throw new IllegalArgumentException("expected a base64url challenge in: " + optionsJson, e);
    }
  }

  public ByteArray credentialId() {
    return credentialId;
  }

  /** Sets the counter the next assertion reports (minus one: each assertion counts up first). */
  public void counter(long value) {
    counter = value;
  }

  /**
   * Sets the backup flags of the authenticator data of every later {@code create()} and {@code
   * get()} answer (WebAuthn L3 §6.1): BE, bit 3 ({@code 0x08}), the credential may be backed up, as
   * a synced passkey; BS, bit 4 ({@code 0x10}), it is backed up. Any combination, including the
   * invalid BS without BE. Default: neither, as a security key.
   */
  public void backupFlags(boolean eligible, boolean backedUp) {
    backupEligible = eligible;
    this.backedUp = backedUp;
  }

  /** What a ceremony's client and authenticator claim; the defaults are the honest ones. */
  public record Claims(String origin, String rpId, boolean userVerified, String type) {
    public static Claims honest(String origin, String rpId, String type) {
      return new Claims(origin, rpId, true, type);
    }

    public Claims withOrigin(String other) {
      return new Claims(other, rpId, userVerified, type);
    }

    public Claims withRpId(String other) {
      return new Claims(origin, other, userVerified, type);
    }

    public Claims withoutUserVerification() {
      return new Claims(origin, rpId, false, type);
    }
  }

  /** The JSON of a {@code create()} response to a challenge. */
  public String register(ByteArray challenge, String origin, String rpId, boolean userVerified) {
    byte[] clientData = clientData("webauthn.create", challenge, origin);
    byte[] authData = authenticatorData(rpId, userVerified, true);
    ByteArrayOutputStream att = new ByteArrayOutputStream();
    Cbor.map(att, 3);
    Cbor.text(att, "fmt");
    Cbor.text(att, "none");
    Cbor.text(att, "attStmt");
    Cbor.map(att, 0);
    Cbor.text(att, "authData");
    Cbor.bytes(att, authData);
    return credential(clientData, "\"attestationObject\":\"" + b64(att.toByteArray()) + "\"");
  }

  /**
   * The JSON of a {@code create()} response with a "packed" attestation (WebAuthn L3 §8.2): the
   * attestation signature over the authenticator data and the client data hash by {@code
   * attestationKey} (ES256), and the certificate chain {@code x5c} (leaf first) that vouches for
   * the authenticator's model.
   */
  public String registerAttested(
      ByteArray challenge,
      String origin,
      String rpId,
      java.security.PrivateKey attestationKey,
      java.util.List<java.security.cert.X509Certificate> x5c) {
    byte[] clientData = clientData("webauthn.create", challenge, origin);
    byte[] authData = authenticatorData(rpId, true, true);
    byte[] signature;
    try {
      Signature sig = Signature.getInstance("SHA256withECDSA");
      sig.initSign(attestationKey);
      sig.update(authData);
      sig.update(MessageDigest.getInstance("SHA-256").digest(clientData));
      signature = sig.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign the attestation", e);
    }
    ByteArrayOutputStream att = new ByteArrayOutputStream();
    Cbor.map(att, 3);
    Cbor.text(att, "fmt");
    Cbor.text(att, "packed");
    Cbor.text(att, "attStmt");
    Cbor.map(att, 3);
    Cbor.text(att, "alg");
    Cbor.integer(att, -7);
    Cbor.text(att, "sig");
    Cbor.bytes(att, signature);
    Cbor.text(att, "x5c");
    Cbor.head(att, 4, x5c.size());
    for (java.security.cert.X509Certificate certificate : x5c) {
      try {
        Cbor.bytes(att, certificate.getEncoded());
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    Cbor.text(att, "authData");
    Cbor.bytes(att, authData);
    return credential(clientData, "\"attestationObject\":\"" + b64(att.toByteArray()) + "\"");
  }

  /** The JSON of a {@code get()} response to a challenge. */
  public String authenticate(ByteArray challenge, Claims claims) {
    counter++;
    byte[] clientData = clientData(claims.type(), challenge, claims.origin());
    byte[] authData = authenticatorData(claims.rpId(), claims.userVerified(), false);
    byte[] signature;
    try {
      Signature sig = Signature.getInstance("SHA256withECDSA");
      sig.initSign(keys.getPrivate());
      sig.update(authData);
      sig.update(MessageDigest.getInstance("SHA-256").digest(clientData));
      signature = sig.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign", e);
    }
    return credential(
        clientData,
        "\"authenticatorData\":\"" + b64(authData) + "\",\"signature\":\"" + b64(signature) + "\"");
  }

  /** A PublicKeyCredential as JSON: this credential, its client data, and the response fields. */
  private String credential(byte[] clientData, String responseFields) {
    return "{\"type\":\"public-key\",\"id\":\""
        + credentialId.getBase64Url()
        + "\",\"rawId\":\""
        + credentialId.getBase64Url()
        + "\",\"response\":{\"clientDataJSON\":\""
        + b64(clientData)
        + "\","
        + responseFields
        + "},\"clientExtensionResults\":{}}";
  }

  private static byte[] clientData(String type, ByteArray challenge, String origin) {
    return ("{\"type\":\""
            + type
            + "\",\"challenge\":\""
            + challenge.getBase64Url()
            + "\",\"origin\":\""
            + origin
            + "\",\"crossOrigin\":false}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private byte[] authenticatorData(String rpId, boolean userVerified, boolean attested) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.writeBytes(
          MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    int flags =
        0x01 // UP
            | (userVerified ? 0x04 : 0) // UV
            | (backupEligible ? 0x08 : 0) // BE
            | (backedUp ? 0x10 : 0) // BS
            | (attested ? 0x40 : 0); // AT
    out.write(flags);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) (attested ? 0 : counter)).array());
    if (attested) {
      out.writeBytes(AAGUID.getBytes());
      out.writeBytes(ByteBuffer.allocate(2).putShort((short) credentialId.size()).array());
      out.writeBytes(credentialId.getBytes());
      ECPublicKey pub = (ECPublicKey) keys.getPublic();
      Cbor.map(out, 5);
      Cbor.integer(out, 1); // kty
      Cbor.integer(out, 2); // EC2
      Cbor.integer(out, 3); // alg
      Cbor.integer(out, -7); // ES256
      Cbor.integer(out, -1); // crv
      Cbor.integer(out, 1); // P-256
      Cbor.integer(out, -2);
      Cbor.bytes(out, unsigned32(pub.getW().getAffineX()));
      Cbor.integer(out, -3);
      Cbor.bytes(out, unsigned32(pub.getW().getAffineY()));
    }
    return out.toByteArray();
  }

  private static byte[] unsigned32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The little CBOR (RFC 8949) an attestation object needs. */
  private static final class Cbor {
    static void head(ByteArrayOutputStream out, int major, long value) {
      if (value < 24) {
        out.write((major << 5) | (int) value);
      } else if (value < 256) {
        out.write((major << 5) | 24);
        out.write((int) value);
      } else {
        out.write((major << 5) | 25);
        out.write((int) (value >> 8));
        out.write((int) value & 0xff);
      }
    }

    static void integer(ByteArrayOutputStream out, long value) {
      if (value >= 0) {
        head(out, 0, value);
      } else {
        head(out, 1, -1 - value);
      }
    }

    static void bytes(ByteArrayOutputStream out, byte[] value) {
      head(out, 2, value.length);
      out.writeBytes(value);
    }

    static void text(ByteArrayOutputStream out, String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      head(out, 3, bytes.length);
      out.writeBytes(bytes);
    }

    static void map(ByteArrayOutputStream out, int entries) {
      head(out, 5, entries);
    }
  }
}
