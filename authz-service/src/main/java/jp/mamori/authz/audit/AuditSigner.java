package jp.mamori.authz.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.audit.AuditChain.Checkpoint;

/**
 * Signs and verifies audit checkpoints (JWS, ES256) with a key kept outside the database (AU-2): a
 * JWK file. Whoever can change the database but not read this file cannot make a checkpoint for a
 * rewritten chain. The embedded default creates the file on first start (owner-only); production
 * names it ({@code mamori.audit.signing-key}), e.g. on a separate volume or from a secret store.
 */
public final class AuditSigner {

  private final ECKey key;

  /** Earlier keys' public halves: checkpoints they signed still verify after a rotation. */
  private final List<ECKey> previous;

  private AuditSigner(ECKey key) {
    this(key, List.of());
  }

  private AuditSigner(ECKey key, List<ECKey> previous) {
    this.key = key;
    this.previous = List.copyOf(previous);
  }

  /**
   * This signer, also accepting checkpoints signed by the keys in {@code publicKeyFiles} (public EC
   * JWKs of earlier signing keys, {@code mamori.audit.verification-keys}): the signing key can be
   * rotated without losing the proof the old checkpoints give.
   *
   * @throws IllegalStateException naming the file that is not an EC JWK
   */
  public AuditSigner withVerificationKeys(List<Path> publicKeyFiles) {
    List<ECKey> keys = new ArrayList<>(previous);
    for (Path file : publicKeyFiles) {
      try {
        keys.add(ECKey.parse(Files.readString(file)).toPublicJWK());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not read the audit verification key "
                + file
                + " (mamori.audit.verification-keys)",
            e);
      } catch (ParseException e) {
        throw new IllegalStateException(
            "expected an EC JWK (JSON) at "
                + file
                + " (mamori.audit.verification-keys); found text"
                + " that is not one",
            e);
      }
    }
    return new AuditSigner(key, keys);
  }

  /**
   * Writes a new private signing key to {@code file}, which is created readable by its owner only
   * before anything is written into it, and must not exist yet (a key is never overwritten: the old
   * one is needed to verify what it signed).
   *
   * @return the new key's public half (JWK), for the auditors and the verification keys
   */
  public static String generateInto(Path file) {
    if (Files.exists(file)) {
      throw new IllegalStateException(
          "expected no file at " + file + " (a signing key is never overwritten); found one");
    }
    try {
      // the key ID is the key's own thumbprint (RFC 7638): two keys made in the same second
      // still have different IDs, so a checkpoint names the key that signed it
      ECKey generated = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
      writeOwnerOnly(file, generated.toJSONString());
      return generated.toPublicJWK().toJSONString();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not generate an audit signing key", e);
    }
  }

  /** Creates {@code file} (and its folder) for its owner only, then writes {@code text} into it. */
  private static void writeOwnerOnly(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (!Files.exists(parent)) {
        try {
          Files.createDirectories(
              parent,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
          Files.createDirectories(parent);
        }
      }
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file); // not a POSIX file system: the administrator protects it
      }
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the audit signing key " + file, e);
    }
  }

  /**
   * The key in {@code file}; created there if {@code create} and the file does not exist.
   *
   * @throws IllegalStateException saying what was expected of the file and what was found
   */
  public static AuditSigner load(Path file, boolean create) {
    try {
      if (!Files.exists(file)) {
        if (!create) {
          throw new IllegalStateException(
              "expected the audit signing key (a private EC JWK) at "
                  + file
                  + " (mamori.audit.signing-key); found no file");
        }
        generateInto(file);
      }
      ECKey key = ECKey.parse(Files.readString(file));
      if (!key.isPrivate()) {
        throw new IllegalStateException(
            "expected a private EC JWK (with \"d\") at " + file + "; found a public key only");
      }
      return new AuditSigner(key);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or write the audit signing key " + file, e);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "expected an EC JWK (JSON) at " + file + "; found text that is not one", e);
    }
  }

  /** A key held in memory (tests). */
  public static AuditSigner generate() {
    try {
      return new AuditSigner(new ECKeyGenerator(Curve.P_256).keyID("mamori-audit-test").generate());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A keyed pseudonym of {@code text} (HMAC-SHA-256 under a key derived from this installation's
   * private signing key, 16 hex digits): the same text gives the same pseudonym, so repeated
   * attempts can be counted, but the text cannot be read back nor guessed without the key. For what
   * must not be kept in clear, such as the name typed at a failed login that matches no account —
   * often a password typed into the wrong field.
   */
  public String pseudonym(String text) {
    try {
      byte[] secret =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  ("mamori-audit-pseudonym-v1:" + key.getD().toString())
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
      byte[] out = mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(out, 0, 8);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  /** The public key, for an auditor who verifies an export elsewhere. */
  public String publicJwk() {
    return key.toPublicJWK().toJSONString();
  }

  /** A checkpoint for event {@code seq} with hash {@code hash}, signed now. */
  public Checkpoint sign(long seq, String hash, Instant at) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("seq", seq);
    claims.put("hash", hash);
    claims.put("at", AuditChain.truncate(at).toString());
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new Payload(claims));
    try {
      jws.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign an audit checkpoint", e);
    }
    return new Checkpoint(seq, hash, AuditChain.truncate(at), jws.serialize());
  }

  /**
   * The checkpoint a JWS states — its sequence number, hash and time — without checking the
   * signature ({@link #valid} does); empty when the text is not a checkpoint's JWS (compact
   * serialization, as {@link #sign} writes it).
   */
  public static Optional<Checkpoint> read(String jws) {
    String text = jws == null ? "" : jws.strip();
    try {
      Map<String, Object> claims = JWSObject.parse(text).getPayload().toJSONObject();
      if (claims != null
          && claims.get("seq") instanceof Number seq
          && claims.get("hash") instanceof String hash
          && claims.get("at") instanceof String at) {
        return Optional.of(new Checkpoint(seq.longValue(), hash, Instant.parse(at), text));
      }
    } catch (ParseException | DateTimeParseException e) {
      // not a checkpoint: the caller reports the line
    }
    return Optional.empty();
  }

  /**
   * Whether the checkpoint's signature holds with this key and its signed sequence number and hash
   * are the ones stored beside it.
   */
  public boolean valid(Checkpoint checkpoint) {
    try {
      JWSObject jws = JWSObject.parse(checkpoint.jws());
      String kid = jws.getHeader().getKeyID();
      ECKey verifying =
          kid == null || kid.equals(key.getKeyID())
              ? key
              : previous.stream().filter(k -> kid.equals(k.getKeyID())).findFirst().orElse(null);
      if (verifying == null || !jws.verify(new ECDSAVerifier(verifying.toECPublicKey()))) {
        return false;
      }
      Map<String, Object> claims = jws.getPayload().toJSONObject();
      return claims != null
          && claims.get("seq") instanceof Number n
          && n.longValue() == checkpoint.seq()
          && checkpoint.hash().equals(claims.get("hash"));
    } catch (ParseException | JOSEException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "AuditSigner[kid=" + key.getKeyID() + ", private key=***]";
  }
}
