package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.util.StaticUtils;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.IncrementalSource;
import jp.mamori.hrsync.reconcile.PerAccountApply;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ProfileField;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.StopReason;
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
  private final java.util.Optional<String> staffGroupDn;

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
    this.staffGroupDn = staffGroupDn;
  }

  @Override
  public Target target() {
    return Target.DIRECTORY;
  }

  /** Every person entry, completely, or a {@link DirectoryException}: never a partial list. */
  @Override
  public List<TargetAccount> read() {
    return directory.searchPeople().stream().map(this::toAccount).toList();
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
              .map(this::toAccount)
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
            .map(this::toAccount)
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
    DirectorySchema schema = directory.schema();
    switch (action) {
      case PlannedAction.Create c -> {
        String dn;
        try {
          dn = directory.addPlanned(c.staff(), c.employeeNumber()); // one request per joiner
        } catch (DirectoryException e) {
          if (e.resultCode() != com.unboundid.ldap.sdk.ResultCode.ENTRY_ALREADY_EXISTS) {
            throw e;
          }
          // created by a run that was cut off before it was recorded
          dn = directory.findByEmployeeNumber(c.employeeNumber()).orElseThrow(() -> e).dn();
        }
        directory.openNew(dn);
        String member = dn;
        staffGroupDn.ifPresent(
            group -> directory.addMember(group, member, "add the new account to the staff group"));
        Set<String> extra = new LinkedHashSet<>(c.sections());
        extra.remove(c.staff().sectionCode());
        if (!extra.isEmpty()) {
          directory.modify(
              dn,
              List.of(
                  new Modification(
                      ModificationType.ADD,
                      schema.sectionCodeAttribute(),
                      extra.toArray(String[]::new))),
              "add sections");
        }
      }
      case PlannedAction.ChangeSections c -> {
        List<Modification> permissive = new ArrayList<>();
        if (!c.add().isEmpty()) {
          permissive.add(
              new Modification(
                  ModificationType.ADD,
                  schema.sectionCodeAttribute(),
                  c.add().stream().sorted().toArray(String[]::new)));
        }
        if (!c.remove().isEmpty()) {
          permissive.add(
              new Modification(
                  ModificationType.DELETE,
                  schema.sectionCodeAttribute(),
                  c.remove().stream().sorted().toArray(String[]::new)));
        }
        try {
          directory.modifyPermissive(c.accountId(), permissive, "change sections");
          break; // one request, idempotent
        } catch (DirectoryException e) {
          if (e.resultCode() != com.unboundid.ldap.sdk.ResultCode.ATTRIBUTE_OR_VALUE_EXISTS
              && e.resultCode() != com.unboundid.ldap.sdk.ResultCode.NO_SUCH_ATTRIBUTE) {
            throw e;
          }
          // the server ignored the permissive control: read the values and change what differs
        }
        Entry entry = entry(c.accountId());
        Set<String> current = values(entry, schema.sectionCodeAttribute());
        List<Modification> mods = new ArrayList<>();
        String[] add = c.add().stream().filter(v -> !current.contains(v)).toArray(String[]::new);
        String[] remove = c.remove().stream().filter(current::contains).toArray(String[]::new);
        if (add.length > 0) {
          mods.add(new Modification(ModificationType.ADD, schema.sectionCodeAttribute(), add));
        }
        if (remove.length > 0) {
          mods.add(
              new Modification(ModificationType.DELETE, schema.sectionCodeAttribute(), remove));
        }
        if (!mods.isEmpty()) {
          directory.modify(c.accountId(), mods, "change sections");
        }
      }
      case PlannedAction.Rename r -> {
        String[] names = r.fullName().split("[ 　]", 2);
        List<Modification> mods = new ArrayList<>();
        mods.add(new Modification(ModificationType.REPLACE, "displayName", r.fullName()));
        mods.add(new Modification(ModificationType.REPLACE, "sn", names[0]));
        // a name without a given part (no space) leaves no stale givenName behind
        mods.add(
            names.length > 1 && !names[1].isBlank()
                ? new Modification(ModificationType.REPLACE, "givenName", names[1].strip())
                : new Modification(ModificationType.REPLACE, "givenName"));
        if (schema == DirectorySchema.OPENLDAP) {
          mods.add(new Modification(ModificationType.REPLACE, "cn", r.fullName()));
        }
        directory.modify(r.accountId(), mods, "rename");
      }
      case PlannedAction.UpdateProfile u -> {
        List<Modification> mods = new ArrayList<>();
        u.values()
            .forEach((field, value) -> {
              String attribute = profileAttribute(field);
              mods.add(
                  value.isEmpty()
                      ? new Modification(ModificationType.REPLACE, attribute)
                      : new Modification(ModificationType.REPLACE, attribute, value));
            });
        directory.modify(u.accountId(), mods, "update section name and title");
      }
      case PlannedAction.RestrictTiers t ->
          // the planner plans tiers for the identity provider only (RestrictTiers refuses another
          // target): the directory has no tiers, its logon is the account's
          throw new IllegalArgumentException(
              "expected no tier restriction for the directory (only Keycloak keeps tiers), found"
                  + " one for "
                  + t.accountId());
      case PlannedAction.Suspend s ->
          stop(s.accountId(), AccountState.SUSPENDED, s.stopReason(), today);
      case PlannedAction.Disable d ->
          stop(d.accountId(), AccountState.DISABLED, d.stopReason(), today);
      case PlannedAction.Restore r -> {
        Entry entry = entry(r.accountId());
        List<Modification> mods = new ArrayList<>();
        if (stateMarker(entry).isPresent()) {
          mods.add(stateChange(entry, Optional.empty()));
        }
        mods.addAll(directory.enabledState(entry, true));
        if (!mods.isEmpty()) {
          directory.modify(r.accountId(), mods, "restore");
        }
      }
      case PlannedAction.Delete d -> directory.deleteEntry(d.accountId());
      case PlannedAction.Report r -> {}
    }
    return Optional.empty();
  }

  private void stop(String dn, AccountState state, StopReason reason, LocalDate today) {
    Entry entry = entry(dn);
    List<Modification> mods = new ArrayList<>(directory.enabledState(entry, false));
    String marker = STATE_PREFIX + state + " " + reason + " " + today;
    if (!stateMarker(entry).map(marker::equals).orElse(false)) {
      mods.add(stateChange(entry, Optional.of(marker)));
    }
    if (!mods.isEmpty()) {
      directory.modify(dn, mods, "stop");
    }
  }

  /** The attribute a profile field is kept in. */
  private String profileAttribute(ProfileField field) {
    return switch (field) {
      case SECTION_NAME -> directory.schema().sectionNameAttribute();
      case TITLE -> "title";
    };
  }

  private Entry entry(String dn) {
    // one base-scope read of that entry, not a scan of the directory (a daily run touches few)
    return directory
        .readPerson(dn)
        .orElseThrow(() ->
            new DirectoryException(
                com.unboundid.ldap.sdk.ResultCode.NO_SUCH_OBJECT,
                "no person entry " + dn + "; expected the account the plan names",
                null));
  }

  private TargetAccount toAccount(SearchResultEntry entry) {
    DirectorySchema schema = directory.schema();
    // the server's own state decides; Mamori's marker only says why and since when
    Optional<String> state = stateMarker(entry);
    boolean enabled = directory.enabledOnServer(entry);
    AccountState accountState = enabled ? AccountState.ENABLED : AccountState.DISABLED;
    Optional<StopReason> reason = Optional.empty();
    Optional<LocalDate> since = Optional.empty();
    Optional<StopReason> undone = Optional.empty();
    if (state.isPresent()) {
      String[] parts = state.get().substring(STATE_PREFIX.length()).split(" ");
      StopReason marked = StopReason.valueOf(parts[1]);
      if (enabled) {
        undone = Optional.of(marked); // stopped by Mamori, enabled again by someone else
      } else {
        accountState = AccountState.valueOf(parts[0]);
        reason = Optional.of(marked);
        since = Optional.of(LocalDate.parse(parts[2]));
      }
    }
    AccountKind kind = AccountKind.PERSONAL;
    Optional<LocalDate> end = Optional.empty();
    Optional<String> kindMarker = marker(entry, KIND_ATTRIBUTE, KIND_PREFIX);
    if (kindMarker.isPresent()) {
      String[] parts = kindMarker.get().substring(KIND_PREFIX.length()).split(" ");
      kind = AccountKind.valueOf(parts[0].toUpperCase(Locale.ROOT));
      if (parts.length >= 3 && parts[1].equals("end")) {
        end = Optional.of(LocalDate.parse(parts[2]));
      }
    }
    String fullName = entry.getAttributeValue("displayName");
    if (fullName == null) {
      fullName = entry.getAttributeValue("cn");
    }
    Optional<Instant> created =
        Optional.ofNullable(entry.getAttributeValue("createTimestamp"))
            .map(v -> {
              try {
                return StaticUtils.decodeGeneralizedTime(v).toInstant();
              } catch (java.text.ParseException e) {
                return null;
              }
            });
    Optional<Instant> lastLogon =
        schema
            .lastLoginAttribute()
            .map(entry::getAttributeValue)
            .flatMap(v -> lastLogon(entry.getDN(), v));
    String employeeNumber = entry.getAttributeValue(schema.employeeNumberAttribute());
    String login = entry.getAttributeValue(schema.loginAttribute());
    return new TargetAccount(
        Target.DIRECTORY,
        entry.getDN(),
        employeeNumber == null ? "" : employeeNumber,
        login == null ? "" : login,
        fullName == null ? "" : fullName,
        values(entry, schema.sectionCodeAttribute()),
        accountState,
        reason,
        since,
        created,
        lastLogon,
        kind,
        end,
        undone,
        java.util.Map.of(
            ProfileField.SECTION_NAME,
            valueOf(entry, schema.sectionNameAttribute()),
            ProfileField.TITLE,
            valueOf(entry, "title")));
  }

  private static String valueOf(Entry entry, String attribute) {
    String value = entry.getAttributeValue(attribute);
    return value == null ? "" : value;
  }

  /**
   * An unreadable last-logon value is taken as unknown (never as "long ago"), so that it cannot
   * make an active person look dormant; it is logged with the entry's DN.
   */
  private Optional<Instant> lastLogon(String dn, String value) {
    try {
      return directory.schema().lastLogon(value, clock.instant());
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring the last logon of {}: {}", dn, e.getMessage());
      return Optional.empty();
    }
  }

  private static Set<String> values(Entry entry, String attribute) {
    String[] values = entry.getAttributeValues(attribute);
    return values == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(values));
  }

  /**
   * The state marker: in OpenLDAP one value of the multi-valued {@code description}; in Active
   * Directory the first line of {@code info} (AD keeps {@code description} single-valued on
   * accounts, where administrators use it and declare kinds, so a second value would be refused).
   */
  private Optional<String> stateMarker(Entry entry) {
    String attribute = directory.schema().stateAttribute();
    if (directory.schema().stateAttributeIsSingleValued()) {
      String value = entry.getAttributeValue(attribute);
      if (value == null) {
        return Optional.empty();
      }
      String first = value.lines().findFirst().orElse("");
      return first.startsWith(STATE_PREFIX) ? Optional.of(first.strip()) : Optional.empty();
    }
    return marker(entry, attribute, STATE_PREFIX);
  }

  /**
   * The modification that sets ({@code marker} present) or removes the state marker, keeping any
   * other text: other values of {@code description} in OpenLDAP, the other lines of {@code info} in
   * Active Directory.
   */
  private Modification stateChange(Entry entry, Optional<String> marker) {
    String attribute = directory.schema().stateAttribute();
    if (directory.schema().stateAttributeIsSingleValued()) {
      String value = entry.getAttributeValue(attribute);
      List<String> rest =
          value == null
              ? List.of()
              : value.lines().filter(l -> !l.startsWith(STATE_PREFIX)).toList();
      List<String> lines = new ArrayList<>();
      marker.ifPresent(lines::add);
      lines.addAll(rest);
      String joined = String.join("\r\n", lines).strip();
      return joined.isEmpty()
          ? new Modification(ModificationType.REPLACE, attribute)
          : new Modification(ModificationType.REPLACE, attribute, joined);
    }
    Optional<String> old = marker(entry, attribute, STATE_PREFIX);
    if (marker.isEmpty()) {
      return new Modification(ModificationType.DELETE, attribute, old.orElseThrow());
    }
    if (old.isEmpty()) {
      return new Modification(ModificationType.ADD, attribute, marker.get());
    }
    // one modification replacing just Mamori's value: every other value is written back as found
    List<String> values = new ArrayList<>();
    for (String v : entry.getAttributeValues(attribute)) {
      values.add(v.equals(old.get()) ? marker.get() : v);
    }
    return new Modification(ModificationType.REPLACE, attribute, values.toArray(String[]::new));
  }

  private static Optional<String> marker(Entry entry, String attribute, String prefix) {
    String[] values = entry.getAttributeValues(attribute);
    if (values == null) {
      return Optional.empty();
    }
    return Arrays.stream(values).filter(v -> v.startsWith(prefix)).findFirst();
  }
}
