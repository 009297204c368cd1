package jp.mamori.webauthn;

import com.yubico.webauthn.data.RelyingPartyIdentity;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who Mamori is as a WebAuthn relying party (WebAuthn Level 3 §5.1.2 "RP ID"), checked once at
 * start-up.
 *
 * <p>The RP ID must be a registrable host name: browsers refuse an IP address (so tests use {@code
 * localhost}, never {@code 127.0.0.1}). Every allowed origin must be {@code https}, or {@code http}
 * on {@code localhost} only (a secure context), and its host must be the RP ID or a subdomain of
 * it, since authenticators scope credentials to the RP ID.
 *
 * @param id the RP ID, e.g. {@code mamori.example.lg.jp}
 * @param name shown by authenticators, e.g. {@code 荒川区 Mamori}
 * @param origins origins allowed in client data
 */
public record RelyingPartySettings(String id, String name, Set<URI> origins) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public RelyingPartySettings {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("mamori.step-up.rp-id: expected a host name, found none");
    }
    id = id.toLowerCase(Locale.ROOT);
    if (IPV4.matcher(id).matches() || id.contains(":")) {
      throw new IllegalArgumentException(
          "mamori.step-up.rp-id: expected a host name (browsers refuse IP addresses as RP IDs), found '"
              + id
              + "'");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("webauthn.rp-name: expected a display name, found none");
    }
    if (origins == null || origins.isEmpty()) {
      throw new IllegalArgumentException(
          "mamori.step-up.origins: expected at least one origin, found none");
    }
    origins = Set.copyOf(origins);
    for (URI origin : origins) {
      checkOrigin(id, origin);
    }
  }

  private static void checkOrigin(String rpId, URI origin) {
    String host = origin.getHost() == null ? "" : origin.getHost().toLowerCase(Locale.ROOT);
    boolean secure =
        "https".equals(origin.getScheme())
            || ("http".equals(origin.getScheme()) && "localhost".equals(host));
    if (!secure) {
      throw new IllegalArgumentException(
          "mamori.step-up.origins: expected https (or http on localhost), found '" + origin + "'");
    }
    if (!host.equals(rpId) && !host.endsWith("." + rpId)) {
      throw new IllegalArgumentException(
          "mamori.step-up.origins: expected the host to be '"
              + rpId
              + "' or a subdomain of it, found '"
              + origin
              + "'");
    }
  }

  /** The identity as Yubico's library takes it. */
  public RelyingPartyIdentity identity() {
    return RelyingPartyIdentity.builder().id(id).name(name).build();
  }
}
