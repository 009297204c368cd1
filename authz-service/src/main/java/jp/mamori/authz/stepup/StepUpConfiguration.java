package jp.mamori.authz.stepup;

import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.exception.HexException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.operations.RateLimiter;
import jp.mamori.authz.security.ApiSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.policy.Policy;
import jp.mamori.policy.Tier;
import jp.mamori.webauthn.RelyingPartySettings;
import jp.mamori.webauthn.StepUpRelyingParty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/** Mamori's step-up relying party on the shared database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StepUpSettings.class)
class StepUpConfiguration {

  @Bean
  JdbcWebAuthnStores webAuthnStores(JdbcClient jdbc, Clock clock) {
    return new JdbcWebAuthnStores(jdbc, clock);
  }

  /** The step-up keys as other features retire them (an emergency revocation). */
  @Bean
  StepUpKeys stepUpKeys(JdbcWebAuthnStores stores) {
    return StepUpKeys.over(stores.credentials(), stores.events());
  }

  @Bean
  StepUpRelyingParty stepUpRelyingParty(
      StepUpSettings settings,
      JdbcWebAuthnStores stores,
      Clock clock,
      Policy policy,
      StackEndpoints endpoints,
      AuditLog audit,
      Alerts alerts,
      ApiSettings api) {
    Set<ByteArray> models = new HashSet<>();
    java.util.Collection<String> listed =
        !settings.allowedAaguids().isEmpty()
            ? settings.allowedAaguids()
            : policy.tiers().containsKey(Tier.MYNUMBER)
                ? policy.tiers().get(Tier.MYNUMBER).allowedAuthenticators()
                : java.util.List.of(); // the policy's models (MF-2) unless configured here
    for (String aaguid : listed) {
      try {
        models.add(ByteArray.fromHex(aaguid.replace("-", "")));
      } catch (HexException e) {
        throw new IllegalArgumentException(
            "mamori.step-up.allowed-aaguids: expected hexadecimal AAGUIDs, found '" + aaguid + "'",
            e);
      }
    }
    // the relying party is the console: its URL gives the origin and the RP ID unless configured
    java.net.URI console = java.net.URI.create(endpoints.console().consoleBaseUrl());
    String rpId = settings.rpId() != null ? settings.rpId() : console.getHost();
    Set<java.net.URI> origins =
        settings.origins().isEmpty()
            ? Set.of(java.net.URI.create(console.getScheme() + "://" + console.getRawAuthority()))
            : new HashSet<>(settings.origins());
    Set<java.security.cert.X509Certificate> roots = roots(settings.attestationRoots());
    requireAttestationForModels(models.size(), roots.size());
    return new StepUpRelyingParty(
        new RelyingPartySettings(rpId, settings.rpName(), origins, settings.acceptBackupEligible()),
        stores.credentials(),
        new LimitedCeremonies(
            stores.ceremonies(),
            new RateLimiter(
                "mamori.api.step-up-challenges-per-minute",
                api.stepUpChallengesPerMinute(),
                clock)),
        new StepUpKeyEvents(stores.events(), audit, alerts),
        clock,
        settings.challengeTtl(),
        models,
        roots);
  }

  /**
   * An allow-list of authenticator models without the manufacturers' attestation roots would check
   * only what the authenticator claims about itself (a software authenticator claims any AAGUID):
   * the configuration is refused rather than trusted.
   */
  static void requireAttestationForModels(int models, int roots) {
    if (models > 0 && roots == 0) {
      throw new IllegalArgumentException(
          "mamori.step-up.allowed-aaguids (or the policy's tiers.MYNUMBER.allowedAuthenticators):"
              + " expected mamori.step-up.attestation-roots with the manufacturers' root"
              + " certificates when authenticator models are restricted, found none — without"
              + " them the model is only the authenticator's own claim. Configure the roots, or"
              + " remove the model list / 認証器の機種を制限する場合は製造元のアテステーション"
              + "ルート証明書 (mamori.step-up.attestation-roots) が必要です");
    }
  }

  /** The certificates in the PEM files, or a start-up failure naming the file and the problem. */
  static Set<java.security.cert.X509Certificate> roots(java.util.List<java.nio.file.Path> files) {
    Set<java.security.cert.X509Certificate> roots = new HashSet<>();
    for (java.nio.file.Path file : files) {
      try (var in = java.nio.file.Files.newInputStream(file)) {
        for (java.security.cert.Certificate c :
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          roots.add((java.security.cert.X509Certificate) c);
        }
      } catch (java.io.IOException | java.security.cert.CertificateException e) {
        throw new IllegalArgumentException(
            "mamori.step-up.attestation-roots: expected PEM certificates in "
                + file
                + ", found: "
                + e.getMessage(),
            e);
      }
    }
    return roots;
  }

  @Bean
  EnrolmentCodes enrolmentCodes(JdbcClient jdbc, AuditLog audit, Clock clock) {
    return new EnrolmentCodes(new EnrolmentCodeStore(jdbc), audit, clock);
  }

  @Bean
  EnrolmentCodeCli enrolmentCodeCli(EnrolmentCodes codes) {
    return new EnrolmentCodeCli(codes);
  }

  @Bean
  StepUpEnrolment stepUpEnrolment(
      StepUpRelyingParty rp, StepUpGate gate, EnrolmentCodes codes, JdbcWebAuthnStores stores) {
    return new StepUpEnrolment(rp, gate, codes, stores.credentials());
  }

  @Bean
  Purge stepUpPurge(StepUpRelyingParty rp) {
    return new Purge(rp);
  }

  /** Forgets expired ceremonies (idempotent: any instance may run it). */
  static final class Purge {
    private final StepUpRelyingParty rp;

    Purge(StepUpRelyingParty rp) {
      this.rp = rp;
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    void purge() {
      rp.purgeExpired();
    }
  }
}
