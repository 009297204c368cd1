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
 * <p>Backup-eligible credentials (WebAuthn Level 3 §6.1.3, flag BE) are refused by default. A
 * synced passkey may be copied by a cloud account to the person's other devices, or to anyone who
 * takes over that account, so it no longer proves "this terminal's authenticator" that the My
 * Number tier's multi-factor rule (MF-2) relies on. Accepting them is a decision for the
 * municipality, for relying parties outside that tier.
 *
 * @param id the RP ID, e.g. {@code mamori.example.lg.jp}
 * @param name shown by authenticators, e.g. {@code 荒川区 Mamori}
 * @param origins origins allowed in client data
 * @param acceptBackupEligible whether backup-eligible credentials (BE=1: synced passkeys) are
 *     registered and accepted at step-up; default false: only device-bound ones (IC cards, security
 *     keys). While false, a backup-eligible credential registered earlier is refused at step-up too
 *     ({@link Refusal#BACKUP_ELIGIBLE}, or {@link Refusal#CREDENTIAL_BACKED_UP} once it was backed
 *     up)
 */
public record RelyingPartySettings(
    String id, String name, Set<URI> origins, boolean acceptBackupEligible) {

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

  /** Settings that refuse backup-eligible credentials (the default, for the My Number tier). */
  public RelyingPartySettings(String id, String name, Set<URI> origins) {
    this(id, name, origins, false);
  }

  /** The same settings with backup-eligible credentials accepted or refused. */
  public RelyingPartySettings withAcceptBackupEligible(boolean accept) {
    return new RelyingPartySettings(id, name, origins, accept);
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
