package jp.mamori.authz.settings;

import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.keycloak.ConsoleClient;
import jp.mamori.hrsync.keycloak.KeycloakSettings;

/**
 * Where the parts Mamori talks to are, whether started by Mamori (embedded) or configured
 * (external). Everything downstream depends on this, not on how the parts came to be.
 */
public record StackEndpoints(
    KeycloakSettings keycloak, DirectorySettings directory, ConsoleClient console) {}
