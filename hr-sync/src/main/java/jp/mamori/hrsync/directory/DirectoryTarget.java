package jp.mamori.hrsync.directory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.IncrementalSource;
import jp.mamori.hrsync.reconcile.PerAccountApply;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.hrsync.sync.TemporaryPassword;

/**
 * The directory as a reconciliation target: reads every person entry as a {@link TargetAccount} and
 * applies {@link PlannedAction}s, for OpenLDAP and Active Directory alike.
 *
 * <p><b>Sections</b> (所属, 兼務 included) are the values of {@code departmentNumber}.
 *
 * <p><b>State.</b> Neither schema has a standard "suspended" flag, so Mamori keeps its lifecycle
 * state in a marker that it alone writes: {@code mamori-state: DISABLED RETIRED 2027-04-01}, one
 * value of {@code description} in OpenLDAP, the first line of {@code info} in Active Directory
 * (where {@code description} is single-valued on accounts); other values and lines are kept as
 * found. {@code mamori-kind: SERVICE} in {@code description} declares a service, privileged or
 * development account (with {@code end 2027-03-31} for the last two). In Active Directory a stop
 * also sets ACCOUNTDISABLE in {@code userAccountControl}, and a restore puts back the value it
 * found. An entry without the marker is active as far as the lifecycle goes (an AD account without
 * its first password is still disabled by AD itself until one is set).
 *
 * <p>Every action is idempotent, so a run cut off half-way is completed by planning and applying
 * again.
 */
public final class DirectoryTarget implements ReconcileTarget, IncrementalSource {

  /** Where declared kinds are read (both schemas; written by administrators). */
  static final String KIND_ATTRIBUTE = "description";

  static final String STATE_PREFIX = "mamori-state: ";
  static final String KIND_PREFIX = "mamori-kind: ";

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DirectoryTarget.class);

  /**
   * How far before the last mark changes are searched again: covers a difference between this
   * host's clock and the directory server's, and the server's one-second timestamps.
   */
  public static final java.time.Duration CLOCK_ALLOWANCE = java.time.Duration.ofMinutes(5);

  private final LdapDirectory directory;
  private final java.time.Clock clock;
  private final java.time.Duration clockAllowance;
  private final DirectoryAccountReader reader;
  private final DirectoryActions actions;

  public DirectoryTarget(LdapDirectory directory) {
    this(directory, java.time.Clock.systemUTC());
  }

  public DirectoryTarget(LdapDirectory directory, java.time.Clock clock) {
    this(directory, clock, CLOCK_ALLOWANCE);
  }

  /**
   * @param clockAllowance how far before the mark changes are searched again (default {@link
   *     #CLOCK_ALLOWANCE})
   */
  public DirectoryTarget(
      LdapDirectory directory, java.time.Clock clock, java.time.Duration clockAllowance) {
    this(directory, clock, clockAllowance, java.util.Optional.empty());
  }

  /**
   * @param staffGroupDn a group every new account is added to: on Active Directory where the
   *     directory holds the password, the group the staff password settings (PSO) apply to
   */
  public DirectoryTarget(
      LdapDirectory directory,
      java.time.Clock clock,
      java.time.Duration clockAllowance,
      java.util.Optional<String> staffGroupDn) {
    this.directory = directory;
    this.clock = clock;
    this.clockAllowance = clockAllowance;
    DirectoryStateMarkers markers = new DirectoryStateMarkers(directory);
    this.reader = new DirectoryAccountReader(directory, clock, markers);
    this.actions = new DirectoryActions(directory, staffGroupDn, markers);
  }

  @Override
  public Target target() {
    return Target.DIRECTORY;
  }

  /** Every person entry, completely, or a {@link DirectoryException}: never a partial list. */
  @Override
  public List<TargetAccount> read() {
    return directory.searchPeople().stream().map(reader::toAccount).toList();
  }

  /**
   * Every person entry. The mark is the domain controller's {@code highestCommittedUSN} read before
   * the search, with the DC's name, where the server keeps one (Active Directory); otherwise this
   * host's time before the search.
   */
  @Override
  public Complete readComplete() {
    Optional<Usn> usn = directory.highestCommittedUsn();
    java.time.Instant mark = clock.instant();
    List<TargetAccount> accounts = read();
    return new Complete(accounts, usn.map(Usn::mark).orElse(mark.toString()));
  }

  /**
   * The person entries changed since the mark, in one search. Active Directory: {@code uSNChanged}
   * above the mark's USN, asked of the same domain controller ({@code whenChanged} is not
   * replicated and differs between DCs, a USN is exact); another DC answering means a complete
   * read. Elsewhere: the change or creation time at or after the mark less the clock allowance. A
   * directory keeps no record of deleted entries (without server extensions such as OpenLDAP's
   * accesslog or AD's tombstones), so none is reported gone: an entry deleted by hand is seen at
   * the next complete reconciliation.
   */
  @Override
  public ChangeRead changesSince(String mark) {
    Optional<Usn> now = directory.highestCommittedUsn();
    if (mark.startsWith(Usn.PREFIX)) {
      Optional<Usn> then = Usn.parse(mark);
      if (then.isEmpty() || now.isEmpty()) {
        return new Unknown("the mark " + mark + " is not a USN this directory can answer for");
      }
      if (!then.get().server().equalsIgnoreCase(now.get().server())) {
        return new Unknown(
            "the mark is a USN of "
                + then.get().server()
                + ", but "
                + now.get().server()
                + " answered: USNs differ between domain controllers");
      }
      List<TargetAccount> changed =
          directory.searchPeopleChangedAfterUsn(then.get().value()).stream()
              .map(reader::toAccount)
              .toList();
      return new Changes(changed, Set.of(), now.get().mark());
    }
    if (now.isPresent()) {
      return new Unknown("the mark " + mark + " is a time; this directory is read by USN");
    }
    java.time.Instant since;
    try {
      since = java.time.Instant.parse(mark);
    } catch (java.time.format.DateTimeParseException e) {
      return new Unknown("the mark " + mark + " is not a time of this connector");
    }
    java.time.Instant next = clock.instant();
    List<TargetAccount> changed =
        directory.searchPeopleChangedSince(since.minus(clockAllowance)).stream()
            .map(reader::toAccount)
            .toList();
    return new Changes(changed, Set.of(), next.toString());
  }

  /**
   * The joiners whose login name (their employee number) is already held: in Active Directory
   * anywhere in the domain, since {@code sAMAccountName} and {@code userPrincipalName} are unique
   * there, not only under the people subtree; in OpenLDAP under the people subtree.
   */
  @Override
  public java.util.Map<String, String> namesTakenElsewhere(List<PlannedAction.Create> creates) {
    if (creates.isEmpty()) {
      return java.util.Map.of();
    }
    // the login name Mamori gives a joiner is the employee number (see apply)
    return directory.loginNamesTaken(
        creates.stream().map(PlannedAction.Create::employeeNumber).toList());
  }

  /**
   * Accounts changed at once by {@link #applyAll} (the connection pool holds up to four): also the
   * most changes whose outcome is unknown when the server goes away mid-batch (sent, not confirmed;
   * the next run finds them done or makes them).
   */
  public static final int APPLY_PARALLELISM = 4;

  /**
   * Applies the actions {@link #APPLY_PARALLELISM} accounts at a time, each account's actions in
   * order; every action that took effect is reported, the first failure in the plan's order as the
   * failure. A failure of the server itself ({@link DirectoryException#serverFailure()}: gone, not
   * answering within the response timeout, refusing the bind) stops the batch: the requests in
   * flight end, no new one is sent, and the rest waits for the next run.
   */
  @Override
  public List<PlannedAction> applyAll(List<PlannedAction> actions, LocalDate today) {
    PerAccountApply run = new PerAccountApply();
    run.run(
        PerAccountApply.byAccount(actions),
        APPLY_PARALLELISM,
        a -> apply(a, today),
        e -> e instanceof DirectoryException d && d.serverFailure());
    int notTried = run.notTried(actions);
    if (notTried > 0) {
      log.warn(
          "Directory {} stopped answering or refused the bind: {} of {} changes not tried, left for"
              + " the next run",
          directory.settings().endpoint(),
          notTried,
          actions.size());
    }
    List<PlannedAction> applied = new ArrayList<>();
    run.finish(actions, applied);
    return applied;
  }

  /**
   * Applies one action (a {@link PlannedAction.Report} changes nothing). The directory holds no
   * credentials, so no temporary password is issued here.
   */
  @Override
  public Optional<TemporaryPassword> apply(PlannedAction action, LocalDate today) {
    actions.apply(action, today);
    return Optional.empty();
  }
}
