package jp.mamori.hrsync.sync;

import java.util.Arrays;
import java.util.Objects;

/**
 * A temporary password (仮パスワード, PW-4) on its way from the generator to Keycloak and, once, to the
 * person who hands it over. Never stored by Mamori, never logged: {@link #toString()} hides it.
 * {@link #clear()} overwrites the characters when the value is no longer needed.
 */
public final class TemporaryPassword {

  private final char[] value;

  public TemporaryPassword(char[] value) {
    Objects.requireNonNull(value, "value");
    if (value.length == 0) {
      throw new IllegalArgumentException("a temporary password cannot be empty");
    }
    this.value = value.clone();
  }

  /** The password itself, for Keycloak and for the one-time display to the issuer. */
  public String reveal() {
    return new String(value);
  }

  public void clear() {
    Arrays.fill(value, '\0');
  }

  @Override
  public String toString() {
    return "TemporaryPassword[***]";
  }
}
