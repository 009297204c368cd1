package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.PlannedAction;
import jp.mamori.hrsync.reconcile.ProfileField;
import jp.mamori.hrsync.reconcile.StopReason;

/**
 * The writing half of {@link DirectoryTarget}: one {@link PlannedAction} as the directory requests
 * that make it, each idempotent (a run cut off half-way is completed by planning and applying
 * again).
 */
final class DirectoryActions {

  private final LdapDirectory directory;
  private final java.util.Optional<String> staffGroupDn;
  private final DirectoryStateMarkers markers;

  DirectoryActions(
      LdapDirectory directory,
      java.util.Optional<String> staffGroupDn,
      DirectoryStateMarkers markers) {
    this.directory = directory;
    this.staffGroupDn = staffGroupDn;
    this.markers = markers;
  }

  /** Applies one action (a {@link PlannedAction.Report} changes nothing). */
  void apply(PlannedAction action, LocalDate today) {
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
        Set<String> current = DirectoryAccountReader.values(entry, schema.sectionCodeAttribute());
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
        if (markers.of(entry).isPresent()) {
          mods.add(markers.change(entry, Optional.empty()));
        }
        mods.addAll(directory.enabledState(entry, true));
        if (!mods.isEmpty()) {
          directory.modify(r.accountId(), mods, "restore");
        }
      }
      case PlannedAction.Delete d -> directory.deleteEntry(d.accountId());
      case PlannedAction.Report r -> {}
    }
  }

  private void stop(String dn, AccountState state, StopReason reason, LocalDate today) {
    Entry entry = entry(dn);
    List<Modification> mods = new ArrayList<>(directory.enabledState(entry, false));
    String marker = DirectoryTarget.STATE_PREFIX + state + " " + reason + " " + today;
    if (!markers.of(entry).map(marker::equals).orElse(false)) {
      mods.add(markers.change(entry, Optional.of(marker)));
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
}
