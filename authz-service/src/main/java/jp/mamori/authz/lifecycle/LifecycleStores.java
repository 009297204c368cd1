package jp.mamori.authz.lifecycle;

import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The lifecycle's tables, each behind its store: the one place the lifecycle is given the database.
 * The service and its parts reach rows only through these; what the rows mean stays with them
 * ({@link LoginActivity}, {@link PlanJournal}, {@link PersonCheck}, {@link OrphanMemory}, {@link
 * StaffRegister}, {@link ExportFreshness}).
 */
public final class LifecycleStores {

  private final PlanStore plans;
  private final PlanJournalStore journal;
  private final LoginActivityStore logins;
  private final PersonIdentityStore persons;
  private final OrphanStore orphans;
  private final StaffRegisterStore staff;

  private LifecycleStores(JdbcClient jdbc, Clock clock) {
    this.plans = new PlanStore(jdbc, clock);
    this.journal = new PlanJournalStore(jdbc);
    this.logins = new LoginActivityStore(jdbc);
    this.persons = new PersonIdentityStore(jdbc);
    this.orphans = new OrphanStore(jdbc);
    this.staff = new StaffRegisterStore(jdbc);
  }

  /** The lifecycle's stores on {@code jdbc}; {@code clock} stamps the plans made. */
  public static LifecycleStores on(JdbcClient jdbc, Clock clock) {
    return new LifecycleStores(jdbc, clock);
  }

  PlanStore plans() {
    return plans;
  }

  PlanJournalStore journal() {
    return journal;
  }

  LoginActivityStore logins() {
    return logins;
  }

  PersonIdentityStore persons() {
    return persons;
  }

  OrphanStore orphans() {
    return orphans;
  }

  StaffRegisterStore staff() {
    return staff;
  }
}
