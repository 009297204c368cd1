package jp.mamori.authz.report;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.audit.AuditQueries;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.credential.CredentialQueries;
import jp.mamori.authz.governance.GovernanceConfiguration;
import jp.mamori.authz.governance.GovernanceQueries;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.privileged.PrivilegedQueries;
import jp.mamori.authz.realm.RealmQueries;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.DirectoryTarget;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.keycloak.KeycloakAuthenticators;
import jp.mamori.hrsync.keycloak.KeycloakTarget;
import jp.mamori.policy.Policy;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reports over the directory, Keycloak, HR and Mamori's records; the PDF font. */
@EnableConfigurationProperties(ReportSettings.class)
@Configuration(proxyBeanMethods = false)
class ReportConfiguration {

  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Bean
  Reports reports(
      PrivilegedQueries privileged,
      AuditQueries auditQueries,
      CredentialQueries credential,
      GovernanceQueries governance,
      LifecycleQueries lifecycle,
      RealmQueries realmQueries,
      Keycloak keycloakAdmin,
      LdapDirectory directory,
      StackEndpoints endpoints,
      MamoriSettings settings,
      HrCsvReader reader,
      Policy policy,
      Clock clock) {
    String realm = endpoints.keycloak().realm();
    return new Reports(
        new Reports.Queries(
            privileged, auditQueries, credential, governance, lifecycle, realmQueries),
        List.of(new DirectoryTarget(directory, clock), new KeycloakTarget(keycloakAdmin, realm)),
        GovernanceConfiguration.hrView(settings, reader, policy, clock),
        keycloakMfa(keycloakAdmin, realm),
        policy,
        clock,
        TOKYO);
  }

  /** {@code --mamori.cli.command=report}: one report or all of them to files (GV-6). */
  @Bean
  @CliCommand.Names("report")
  CliCommand reportCommand(Reports reports, ReportRenderer renderer, AuditLog audit) {
    return new ReportCli(reports, renderer, audit, System.err);
  }

  @Bean
  ReportRenderer reportRenderer(ReportSettings settings) {
    return new ReportRenderer(Optional.ofNullable(settings.pdfFont()), TOKYO);
  }

  /**
   * The members of the sections' groups ({@code section-<code>}) in Keycloak with their working
   * security keys and IC cards (suspended ones do not count).
   */
  static Reports.MfaSource keycloakMfa(Keycloak admin, String realm) {
    KeycloakAuthenticators authenticators = new KeycloakAuthenticators(admin, realm);
    return sections -> {
      java.util.Map<String, Reports.MfaStatus> people = new java.util.TreeMap<>();
      for (String section : sections) {
        List<GroupRepresentation> groups =
            admin.realm(realm).groups().groups("section-" + section, true, 0, 1, true);
        if (groups.isEmpty()) {
          continue;
        }
        String groupId = groups.getFirst().getId();
        for (int first = 0; ; first += 500) {
          List<UserRepresentation> members =
              admin.realm(realm).groups().group(groupId).members(first, 500, true);
          for (UserRepresentation u : members) {
            Reports.MfaStatus known = people.get(u.getUsername());
            Set<String> in = new TreeSet<>(known == null ? Set.of() : known.sections());
            in.add(section);
            List<String> working =
                known != null
                    ? known.authenticators()
                    : authenticators.list(u.getId()).stream()
                        .filter(a -> !a.suspended())
                        .map(a -> a.type() + ":" + a.label())
                        .toList();
            people.put(
                u.getUsername(),
                new Reports.MfaStatus(
                    u.getUsername(), in, Boolean.TRUE.equals(u.isEnabled()), working));
          }
          if (members.size() < 500) {
            break;
          }
        }
      }
      return new ArrayList<>(people.values());
    };
  }
}
