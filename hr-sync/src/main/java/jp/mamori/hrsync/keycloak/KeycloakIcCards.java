package jp.mamori.hrsync.keycloak;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.mamori.hrsync.reconcile.AccountAuthenticators;
import jp.mamori.hrsync.reconcile.AccountAuthenticators.Authenticator;
import jp.mamori.policy.Enforces;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IC cards (職員証) as X.509 client certificates in Keycloak (MF-3).
 *
 * <p><b>Login.</b> A terminal's login agent holds the card's certificate and key (the key never
 * leaves the card) and asks Keycloak for a token over mutual TLS through client {@value #CLIENT},
 * whose direct-grant flow {@value #FLOW} is Keycloak's own {@code direct-grant-auth-x509-username}:
 * the certificate must chain to a CA in Keycloak's trust store ({@code --truststore-paths}, with
 * {@code --https-client-auth=request}) and be within its validity, and its SHA-256 thumbprint must
 * be a value of the user attribute {@value #ACTIVE}. The attribute is admin-only (the realm's
 * unmanaged attributes are {@code ADMIN_EDIT}).
 *
 * <p><b>Lost, found, replaced.</b> Reporting a card lost moves its thumbprint from {@value #ACTIVE}
 * to {@value #SUSPENDED}: from that moment Keycloak finds no user for the card, while the account,
 * its password and its other authenticators stay usable. Found: moved back. Retired (a replacement
 * was registered after the loss): removed. Registration time and a label are kept in {@value
 * #REGISTERED} ({@code thumbprint;epochMillis;label}), so that a replacement can be told from an
 * older card.
 */
@Enforces(
    value = {"MF-3"},
    ja = "職員証 (ICカード) を証明書で登録し、紛失時に直ちに停止、再発行時に旧カードを廃止する",
    en =
        "Registers IC cards by certificate, stops a lost one at once, retires the old ones on replacement")
public final class KeycloakIcCards {

  private static final Logger log = LoggerFactory.getLogger(KeycloakIcCards.class);

  /** The authenticator type Mamori gives IC cards. */
  public static final String TYPE = "x509";

  /** Thumbprints of the cards in use: what Keycloak's X.509 authenticator matches. */
  public static final String ACTIVE = "mamori.icCard";

  /** Thumbprints of the cards reported lost. */
  public static final String SUSPENDED = "mamori.icCardSuspended";

  /** One value per card: {@code thumbprint;registeredEpochMillis;label}. */
  public static final String REGISTERED = "mamori.icCardRegistered";

  /** Direct-grant flow of the IC-card login. */
  public static final String FLOW = "mamori-iccard";

  /** Client of the terminals' login agents. */
  public static final String CLIENT = "mamori-iccard-terminal";

  private static final Pattern THUMBPRINT = Pattern.compile("[0-9a-f]{64}");
  private static final int LABEL_MAX = 120;

  private final Keycloak admin;
  private final String realmName;

  public KeycloakIcCards(Keycloak admin, String realmName) {
    this.admin = admin;
    this.realmName = realmName;
  }

  /** Whether an authenticator ID names an IC card (a SHA-256 thumbprint, lower-case hex). */
  public static boolean isThumbprint(String id) {
    return id != null && THUMBPRINT.matcher(id).matches();
  }

  /** Lower-case hex SHA-256 of the certificate's DER encoding, as Keycloak computes it. */
  public static String thumbprint(X509Certificate certificate) {
    return AccountAuthenticators.thumbprint(certificate);
  }

  /**
   * Creates the IC-card flow and the terminals' client if absent (idempotent). Revocation lists and
   * OCSP are off here: the municipality's card CA decides that, configured in Keycloak's
   * authenticator settings; Mamori's suspension works without them.
   */
  public void configure() {
    RealmResource realm = admin.realm(realmName);
    try {
      AuthenticationManagementResource flows = realm.flows();
      Optional<AuthenticationFlowRepresentation> existing =
          flows.getFlows().stream().filter(f -> FLOW.equals(f.getAlias())).findFirst();
      String flowId;
      if (existing.isPresent()) {
        flowId = existing.get().getId();
      } else {
        TierFlowBuilder.topLevelFlow(
            flows, FLOW, "ICカード (X.509 クライアント証明書) / IC card (X.509 client certificate)");
        TierFlowBuilder.execution(
            flows,
            FLOW,
            "direct-grant-auth-x509-username",
            "REQUIRED",
            Map.of(
                "x509-cert-auth.mapping-source-selection", "SHA-256 Thumbprint",
                "x509-cert-auth.mapper-selection", "Custom Attribute Mapper",
                "x509-cert-auth.mapper-selection.user-attribute-name", ACTIVE,
                "x509-cert-auth.timestamp-validation-enabled", "true",
                "x509-cert-auth.crl-checking-enabled", "false",
                "x509-cert-auth.ocsp-checking-enabled", "false",
                "x509-cert-auth.confirmation-page-disallowed", "true"));
        flowId =
            flows.getFlows().stream()
                .filter(f -> FLOW.equals(f.getAlias()))
                .findFirst()
                .orElseThrow()
                .getId();
        log.info("Flow {} created: IC-card login by X.509 client certificate (MF-3)", FLOW);
      }
      ClientRepresentation client =
          realm.clients().findByClientId(CLIENT).stream().findFirst().orElse(null);
      boolean create = client == null;
      if (create) {
        client = new ClientRepresentation();
        client.setClientId(CLIENT);
        client.setName("ICカードログイン (端末) / IC-card login (terminals)");
        client.setPublicClient(true);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(true);
      }
      Map<String, String> overrides =
          client.getAuthenticationFlowBindingOverrides() == null
              ? new HashMap<>()
              : new HashMap<>(client.getAuthenticationFlowBindingOverrides());
      overrides.put("direct_grant", flowId);
      client.setAuthenticationFlowBindingOverrides(overrides);
      if (create) {
        try (Response response = realm.clients().create(client)) {
          if (response.getStatus() != 201 && response.getStatus() != 409) {
            throw new KeycloakException(
                "Keycloak refused to create client "
                    + CLIENT
                    + ": "
                    + KeycloakRealmConfigurator.describe(response),
                response.getStatus(),
                null);
          }
        }
      } else {
        realm.clients().get(client.getId()).update(client);
      }
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "configure the IC-card login", e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "configure the IC-card login", e);
    }
  }

  /** The user's IC cards, suspended ones included, read from the user's attributes. */
  static List<Authenticator> list(UserRepresentation user) {
    Map<String, List<String>> attributes = attributes(user);
    List<String> active = attributes.getOrDefault(ACTIVE, List.of());
    List<String> suspended = attributes.getOrDefault(SUSPENDED, List.of());
    List<Authenticator> cards = new ArrayList<>();
    for (String record : attributes.getOrDefault(REGISTERED, List.of())) {
      String[] parts = record.split(";", 3);
      if (parts.length < 2 || !isThumbprint(parts[0])) {
        continue;
      }
      boolean isSuspended = suspended.contains(parts[0]);
      if (!isSuspended && !active.contains(parts[0])) {
        continue; // retired
      }
      Optional<Instant> at;
      try {
        at = Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[1])));
      } catch (NumberFormatException e) {
        at = Optional.empty();
      }
      cards.add(
          new Authenticator(parts[0], TYPE, parts.length > 2 ? parts[2] : "", at, isSuspended));
    }
    return cards;
  }

  /**
   * Registers a card for a user: the certificate must be an end-entity certificate valid at {@code
   * now} and not registered to anyone else. Registering a card the user already has changes
   * nothing.
   *
   * @throws IllegalArgumentException what was expected of the certificate and what was found
   */
  public Authenticator register(String userId, X509Certificate certificate, Instant now) {
    try {
      certificate.checkValidity(Date.from(now));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new IllegalArgumentException(
          "expected a certificate valid now ("
              + now
              + "); found one valid from "
              + certificate.getNotBefore().toInstant()
              + " to "
              + certificate.getNotAfter().toInstant());
    }
    if (certificate.getBasicConstraints() >= 0) {
      throw new IllegalArgumentException(
          "expected the card's own (end-entity) certificate; found a CA certificate: "
              + certificate.getSubjectX500Principal().getName());
    }
    String thumbprint = thumbprint(certificate);
    try {
      List<UserRepresentation> holders =
          admin.realm(realmName).users().searchByAttributes(ACTIVE + ":" + thumbprint);
      for (UserRepresentation holder : holders) {
        if (!holder.getId().equals(userId)) {
          throw new IllegalArgumentException(
              "expected a card not registered to anyone; found it registered to "
                  + holder.getUsername());
        }
      }
      UserRepresentation user = admin.realm(realmName).users().get(userId).toRepresentation();
      Map<String, List<String>> attributes = attributes(user);
      if (!values(attributes, ACTIVE).contains(thumbprint)) {
        add(attributes, ACTIVE, thumbprint);
        remove(attributes, SUSPENDED, thumbprint);
        attributes.put(
            REGISTERED,
            new ArrayList<>(
                values(attributes, REGISTERED).stream()
                    .filter(r -> !r.startsWith(thumbprint + ";"))
                    .toList()));
        add(
            attributes,
            REGISTERED,
            thumbprint + ";" + now.toEpochMilli() + ";" + label(certificate));
        user.setAttributes(attributes);
        admin.realm(realmName).users().get(userId).update(user);
        log.info("IC card {} registered for user {} (MF-3)", thumbprint, userId);
      }
      return list(admin.realm(realmName).users().get(userId).toRepresentation()).stream()
          .filter(a -> a.id().equals(thumbprint))
          .findFirst()
          .orElseThrow();
    } catch (NotFoundException e) {
      throw new KeycloakException("Keycloak has no user " + userId, 404, e);
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, "register an IC card for " + userId, e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, "register an IC card for " + userId, e);
    }
  }

  /** Suspends a card (reported lost): Keycloak no longer finds the user by it. Idempotent. */
  void suspend(String userId, String thumbprint) {
    change(
        userId,
        thumbprint,
        "suspend",
        attributes -> {
          if (remove(attributes, ACTIVE, thumbprint)) {
            add(attributes, SUSPENDED, thumbprint);
          }
        });
  }

  /** Reinstates a suspended card (found). */
  void reinstate(String userId, String thumbprint) {
    change(
        userId,
        thumbprint,
        "reinstate",
        attributes -> {
          if (remove(attributes, SUSPENDED, thumbprint)) {
            add(attributes, ACTIVE, thumbprint);
          }
        });
  }

  /** Retires a card: it can never be reinstated; its registration record is kept. */
  void retire(String userId, String thumbprint) {
    change(
        userId,
        thumbprint,
        "retire",
        attributes -> {
          remove(attributes, ACTIVE, thumbprint);
          remove(attributes, SUSPENDED, thumbprint);
        });
  }

  private void change(
      String userId,
      String thumbprint,
      String what,
      java.util.function.Consumer<Map<String, List<String>>> edit) {
    try {
      UserRepresentation user = admin.realm(realmName).users().get(userId).toRepresentation();
      Map<String, List<String>> attributes = attributes(user);
      edit.accept(attributes);
      user.setAttributes(attributes);
      admin.realm(realmName).users().get(userId).update(user);
    } catch (NotFoundException e) {
      throw new KeycloakException("Keycloak has no user " + userId, 404, e);
    } catch (WebApplicationException e) {
      throw KeycloakException.refused(realmName, what + " IC card " + thumbprint, e);
    } catch (ProcessingException e) {
      throw KeycloakException.unreachable(realmName, what + " IC card " + thumbprint, e);
    }
  }

  private static String label(X509Certificate certificate) {
    String label =
        certificate.getSubjectX500Principal().getName()
            + " / serial "
            + certificate.getSerialNumber().toString(16);
    return label.length() > LABEL_MAX ? label.substring(0, LABEL_MAX) : label;
  }

  private static Map<String, List<String>> attributes(UserRepresentation user) {
    return user.getAttributes() == null ? new HashMap<>() : new HashMap<>(user.getAttributes());
  }

  private static List<String> values(Map<String, List<String>> attributes, String name) {
    return attributes.getOrDefault(name, List.of());
  }

  private static void add(Map<String, List<String>> attributes, String name, String value) {
    List<String> values = new ArrayList<>(values(attributes, name));
    if (!values.contains(value)) {
      values.add(value);
    }
    attributes.put(name, values);
  }

  private static boolean remove(Map<String, List<String>> attributes, String name, String value) {
    List<String> values = new ArrayList<>(values(attributes, name));
    boolean removed = values.remove(value);
    attributes.put(name, values);
    return removed;
  }
}
