package jp.mamori.authz.account;

import java.time.Clock;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.settings.StackEndpoints;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import jp.mamori.hrsync.reconcile.IdentityAccounts;
import org.keycloak.admin.client.Keycloak;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

  /** The staff accounts at the identity provider as administrators act on them: Keycloak's. */
  @Bean
  IdentityAccounts identityAccounts(Keycloak keycloakAdmin, StackEndpoints endpoints) {
    return new KeycloakAccountStates(keycloakAdmin, endpoints.keycloak().realm());
  }

  @Bean
  AccountStates accountStates(
      IdentityAccounts accounts,
      MamoriSettings settings,
      ObjectProvider<LdapDirectory> directory,
      JdbcClient jdbc,
      AuditLog audit,
      Clock clock) {
    AccountStates.DirectoryLockouts lockouts =
        settings.directory().passwordHolder() == MamoriSettings.Directory.PasswordHolder.DIRECTORY
            ? directoryLockouts(directory.getObject())
            : AccountStates.DirectoryLockouts.NONE;
    return new AccountStates(accounts, lockouts, new AccountActionStore(jdbc), audit, clock);
  }

  /**
   * The directory's lockouts, the account found by its employee number (the SSO username Mamori
   * gives every person).
   */
  static AccountStates.DirectoryLockouts directoryLockouts(LdapDirectory directory) {
    DirectoryCredentials credentials = new DirectoryCredentials(directory);
    return new AccountStates.DirectoryLockouts() {
      @Override
      public AccountStates.DirectoryLockouts.Lockout lockout(String username) {
        return directory
            .findByEmployeeNumber(username)
            .map(a -> credentials.lockout(a.dn()))
            .map(l ->
                new AccountStates.DirectoryLockouts.Lockout(l.locked(), l.since(), l.failures()))
            .orElse(AccountStates.DirectoryLockouts.Lockout.NONE);
      }

      @Override
      public boolean unlock(String username) {
        return directory
            .findByEmployeeNumber(username)
            .map(a -> credentials.unlock(a.dn()))
            .orElse(false);
      }
    };
  }
}
