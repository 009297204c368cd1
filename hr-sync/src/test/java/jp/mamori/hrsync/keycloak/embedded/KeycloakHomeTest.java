package jp.mamori.hrsync.keycloak.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakHomeTest {

  @TempDir Path dir;

  @Test
  void findWhenTheArchiveIsShippedThenItIsUnpackedOnceIntoTheDataFolder() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib/keycloak"));
    archive(lib.resolve("keycloak-quarkus-dist-26.7.5.zip"), "keycloak-26.7.5");
    Path data = dir.resolve("data");
    KeycloakHome.Search search = new KeycloakHome.Search(Optional.empty(), List.of(lib), data);

    Path home = KeycloakHome.find(search);

    assertThat(home).isEqualTo(data.resolve("keycloak-26.7.5").toAbsolutePath());
    assertThat(home.resolve("bin/kc.sh")).isRegularFile().isExecutable();
    assertThat(home.resolve("lib/lib.txt")).hasContent("a library");
    // the second start keeps what the first unpacked (and Keycloak's build wrote there)
    Files.writeString(home.resolve("built-by-kc"), "x");
    assertThat(KeycloakHome.find(search)).isEqualTo(home);
    assertThat(home.resolve("built-by-kc")).exists();
    // an installation moved elsewhere, the same archive: not unpacked again
    Path moved = Files.createDirectories(dir.resolve("moved/lib/keycloak"));
    Files.copy(
        lib.resolve("keycloak-quarkus-dist-26.7.5.zip"),
        moved.resolve("keycloak-quarkus-dist-26.7.5.zip"));
    assertThat(KeycloakHome.find(new KeycloakHome.Search(Optional.empty(), List.of(moved), data)))
        .isEqualTo(home);
    assertThat(home.resolve("built-by-kc")).exists();
  }

  @Test
  void findWhenConfiguredThenThatFolderOnlyAndOneLineWhenItHoldsNoKeycloak() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib/keycloak"));
    archive(lib.resolve("keycloak-quarkus-dist-26.7.5.zip"), "keycloak-26.7.5");
    Path configured = Files.createDirectories(dir.resolve("kc"));

    assertThatThrownBy(() ->
            KeycloakHome.find(
                new KeycloakHome.Search(
                    Optional.of(configured), List.of(lib), dir.resolve("data"))))
        .isInstanceOf(KeycloakHome.NotFound.class)
        .hasMessageContaining("Keycloak が見つかりません")
        .hasMessageContaining("expected bin/kc.sh in the configured mamori.keycloak.home")
        .hasMessageContaining(configured.toAbsolutePath().toString())
        .hasMessageNotContaining("\n");
  }

  @Test
  void findWhenNothingThenOneLineNamingEveryPlaceLookedAt() {
    Path lib = dir.resolve("lib/keycloak");
    Path data = dir.resolve("data");

    assertThatThrownBy(
            () -> KeycloakHome.find(new KeycloakHome.Search(Optional.empty(), List.of(lib), data)))
        .isInstanceOf(KeycloakHome.NotFound.class)
        .hasMessageContaining("Keycloak not found")
        .hasMessageContaining(lib.toAbsolutePath().toString())
        .hasMessageContaining(data.toAbsolutePath().toString())
        .hasMessageNotContaining("\n");
  }

  @Test
  void findWhenNoArchiveButUnpackedEarlierThenTheNewestPlainDistributionNotACopy()
      throws IOException {
    Path data = dir.resolve("data");
    for (String name :
        List.of("keycloak-26.7.5", "keycloak-26.10.1", "keycloak-26.10.1-postgres")) {
      Files.createDirectories(data.resolve(name).resolve("bin"));
      Files.writeString(data.resolve(name).resolve("bin/kc.sh"), "#!/bin/sh\n");
    }

    Path home = KeycloakHome.find(new KeycloakHome.Search(Optional.empty(), List.of(), data));

    assertThat(home).isEqualTo(data.resolve("keycloak-26.10.1").toAbsolutePath());
  }

  private static void archive(Path zip, String top) throws IOException {
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.putNextEntry(new ZipEntry(top + "/"));
      out.putNextEntry(new ZipEntry(top + "/bin/kc.sh"));
      out.write("#!/bin/bash\necho keycloak\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new ZipEntry(top + "/lib/lib.txt"));
      out.write("a library".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
