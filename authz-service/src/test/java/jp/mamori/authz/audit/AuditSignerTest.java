package jp.mamori.authz.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import jp.mamori.authz.audit.AuditChain.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's signing key: made owner-only, never overwritten, rotated without losing proof.
 */
class AuditSignerTest {

  @TempDir Path dir;

  @Test
  void generateWhenWrittenThenOwnerOnlyAndNeverOverwritten() throws Exception {
    Path file = dir.resolve("keys").resolve("audit.jwk");

    String publicJwk = AuditSigner.generateInto(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(publicJwk).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
    String before = Files.readString(file);
    assertThatThrownBy(() -> AuditSigner.generateInto(file))
        .hasMessageContaining("never overwritten");
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void verifyWhenTheKeyWasRotatedThenOldCheckpointsVerifyWithItsPublicHalfOnly() throws Exception {
    Path oldKey = dir.resolve("old.jwk");
    Path oldPublic = dir.resolve("old-public.jwk");
    Files.writeString(oldPublic, AuditSigner.generateInto(oldKey));
    Checkpoint signedBefore =
        AuditSigner.load(oldKey, false).sign(41, "a".repeat(64), Instant.now());
    Path newKey = dir.resolve("new.jwk");
    AuditSigner.generateInto(newKey);

    assertThat(AuditSigner.load(newKey, false).valid(signedBefore))
        .as("without the old key's public half")
        .isFalse();
    AuditSigner rotated = AuditSigner.load(newKey, false).withVerificationKeys(List.of(oldPublic));
    assertThat(rotated.valid(signedBefore)).isTrue();
    assertThat(rotated.valid(rotated.sign(42, "b".repeat(64), Instant.now()))).isTrue();
    assertThat(
            rotated.valid(
                new Checkpoint(
                    41, "c".repeat(64), signedBefore.at(), signedBefore.jws()))) // hash changed
        .isFalse();
  }

  @Test
  void verificationKeysWhenNotAJwkThenRefusedNamingTheFileAndTheSetting() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.jwk"), "not a key");
    Path key = dir.resolve("key.jwk");
    AuditSigner.generateInto(key);

    assertThatThrownBy(() -> AuditSigner.load(key, false).withVerificationKeys(List.of(bad)))
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("mamori.audit.verification-keys");
  }
}
