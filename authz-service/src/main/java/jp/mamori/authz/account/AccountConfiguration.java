package jp.mamori.authz.account;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import jp.mamori.authz.stack.MamoriSettings;
import jp.mamori.authz.stack.StackEndpoints;
import jp.mamori.hrsync.directory.DirectoryCredentials;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.keycloak.KeycloakAccountStates;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

  @Bean
  AccountStates accountStates(
      Keycloak keycloakAdmin,
      StackEndpoints endpoints,
      MamoriSettings settings,
      ObjectProvider<LdapDirectory> directory,
      JdbcClient jdbc,
      jp.mamori.authz.audit.AuditLog audit,
      Clock clock) {
    AccountStates.DirectoryLockouts lockouts =
        settings.directory().passwordHolder() == MamoriSettings.Directory.PasswordHolder.DIRECTORY
            ? directoryLockouts(directory.getObject())
            : AccountStates.DirectoryLockouts.NONE;
    return new AccountStates(
        new KeycloakAccountStates(keycloakAdmin, endpoints.keycloak().realm()),
        lockouts,
        jdbc,
        audit,
        clock);
  }

  /**
   * The directory's lockouts, the account found by its employee number (the SSO username Mamori
   * gives every person).
   */
  static AccountStates.DirectoryLockouts directoryLockouts(LdapDirectory directory) {
    DirectoryCredentials credentials = new DirectoryCredentials(directory);
    return new AccountStates.DirectoryLockouts() {
      @Override
      public DirectoryCredentials.Lockout lockout(String username) {
        return directory
            .findByEmployeeNumber(username)
            .map(a -> credentials.lockout(a.dn()))
            .orElse(DirectoryCredentials.Lockout.NONE);
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

  /** Settles account actions left pending, in the running service. */
  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnWebApplication
  static class Settling {
    @Bean
    SettleJob accountActionSettling(AccountStates states) {
      return new SettleJob(states);
    }
  }

  /**
   * A minute after start-up (what a stop between Keycloak's change and its record left), then every
   * ten minutes, on each instance: rows an action in flight holds are skipped and a row is settled
   * once, so instances need no claim; with nothing pending it is one indexed query.
   */
  static final class SettleJob {
    private static final Logger log = LoggerFactory.getLogger(SettleJob.class);
    private final AccountStates states;

    SettleJob(AccountStates states) {
      this.states = states;
    }

    @Scheduled(initialDelay = 1, fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    void settle() {
      try {
        int settled = states.settlePending();
        if (settled > 0) {
          log.info("{} pending account actions settled from Keycloak's state", settled);
        }
      } catch (RuntimeException e) {
        log.warn("Pending account actions not settled now: {}", e.getMessage());
      }
    }
  }
}
