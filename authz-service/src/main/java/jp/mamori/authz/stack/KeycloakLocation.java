package jp.mamori.authz.stack;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.hrsync.keycloak.embedded.KeycloakHome;
import org.springframework.boot.system.ApplicationHome;

/**
 * Where the embedded default looks for Keycloak: {@code mamori.keycloak.home} if set, else the
 * archive shipped in the installed Mamori ({@code <installation>/lib/keycloak/}), unpacked into
 * {@code mamori.keycloak.unpack-dir} (default the launcher's data folder, {@code
 * <installation>/data}, or {@code ~/.cache/mamori} when not run from an installation).
 */
final class KeycloakLocation {

  /** System property the launcher ({@code bin/mamori}) sets to the installation folder. */
  static final String INSTALLATION_PROPERTY = "mamori.home";

  /**
   * System property the launcher sets to the installation's writable folder ({@code
   * MAMORI_DATA_DIR}, default {@code <installation>/data}).
   */
  static final String DATA_PROPERTY = "mamori.data.dir";

  private KeycloakLocation() {}

  static KeycloakHome.Search search(MamoriSettings.Keycloak settings) {
    return search(settings, installation());
  }

  static KeycloakHome.Search search(MamoriSettings.Keycloak settings, Optional<Path> installation) {
    String dataDir = System.getProperty(DATA_PROPERTY);
    Path unpackInto =
        settings.unpackDir() != null
            ? settings.unpackDir()
            : dataDir != null && !dataDir.isBlank()
                ? Path.of(dataDir)
                : installation
                    .map(home -> home.resolve("data"))
                    .orElse(Path.of(System.getProperty("user.home"), ".cache", "mamori"));
    return new KeycloakHome.Search(
        Optional.ofNullable(settings.home()),
        installation
            .map(home -> List.of(home.resolve("lib").resolve("keycloak")))
            .orElse(List.of()),
        unpackInto);
  }

  /**
   * The installed Mamori's folder: {@value #INSTALLATION_PROPERTY}, else the folder above {@code
   * lib/} when this runs from a jar in a {@code lib/} folder; none when run from the build.
   */
  static Optional<Path> installation() {
    String configured = System.getProperty(INSTALLATION_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath());
    }
    File source = new ApplicationHome(KeycloakLocation.class).getSource();
    if (source != null
        && source.isFile()
        && source.getParentFile() != null
        && "lib".equals(source.getParentFile().getName())) {
      return Optional.of(source.getParentFile().getParentFile().toPath().toAbsolutePath());
    }
    return Optional.empty();
  }
}
