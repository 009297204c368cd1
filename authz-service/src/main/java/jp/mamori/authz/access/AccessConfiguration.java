package jp.mamori.authz.access;

import java.time.Clock;
import jp.mamori.authz.account.AccountStates;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.governance.PolicyExceptions;
import jp.mamori.authz.governance.Sanctions;
import jp.mamori.policy.Policy;
import jp.mamori.policy.access.AccessPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

  @Bean
  Terminals terminals(JdbcClient jdbc, AuditLog audit, Clock clock) {
    return new Terminals(new TerminalStore(jdbc), audit, clock);
  }

  @Bean
  AccessDecisions accessDecisions(
      Policy policy,
      Terminals terminals,
      AccountStates states,
      PolicyExceptions exceptions,
      Sanctions sanctions,
      Clock clock) {
    return new AccessDecisions(
        new AccessPolicy(policy),
        terminals,
        username -> {
          try {
            AccountStates.Standing standing = states.standing(username); // one Keycloak read
            return new AccessDecisions.Standing(
                standing.status().code().equals("ACTIVE"), standing.suspendedTiers());
          } catch (AccountStates.NoSuchAccount e) {
            return AccessDecisions.Standing.INACTIVE;
          }
        },
        exceptions::inForce,
        sanctions::active,
        clock);
  }
}
