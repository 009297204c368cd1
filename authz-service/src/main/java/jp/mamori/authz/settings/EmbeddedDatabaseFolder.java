package jp.mamori.authz.settings;

import java.nio.file.Path;

/**
 * The folder of the embedded PostgreSQL instance (embedded default only): files that belong to that
 * database alone, such as the copies of the audit checkpoints kept outside it, live here and go
 * with it.
 */
public record EmbeddedDatabaseFolder(Path path) {}
