package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.util.StaticUtils;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.ProfileField;
import jp.mamori.hrsync.reconcile.StopReason;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetAccount;

/**
 * The reading half of {@link DirectoryTarget}: a person entry as a {@link TargetAccount}, its state
 * taken from the server and Mamori's markers, its kind from the declared marker, its last logon
 * from the schema's attribute.
 */
final class DirectoryAccountReader {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DirectoryTarget.class);

  private final LdapDirectory directory;
  private final java.time.Clock clock;
  private final DirectoryStateMarkers markers;

  DirectoryAccountReader(
      LdapDirectory directory, java.time.Clock clock, DirectoryStateMarkers markers) {
    this.directory = directory;
    this.clock = clock;
    this.markers = markers;
  }

  TargetAccount toAccount(SearchResultEntry entry) {
    DirectorySchema schema = directory.schema();
    // the server's own state decides; Mamori's marker only says why and since when
    Optional<String> state = markers.of(entry);
    boolean enabled = directory.enabledOnServer(entry);
    AccountState accountState = enabled ? AccountState.ENABLED : AccountState.DISABLED;
    Optional<StopReason> reason = Optional.empty();
    Optional<LocalDate> since = Optional.empty();
    Optional<StopReason> undone = Optional.empty();
    if (state.isPresent()) {
      String[] parts = state.get().substring(DirectoryTarget.STATE_PREFIX.length()).split(" ");
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
    Optional<String> kindMarker =
        DirectoryStateMarkers.marker(
            entry, DirectoryTarget.KIND_ATTRIBUTE, DirectoryTarget.KIND_PREFIX);
    if (kindMarker.isPresent()) {
      String[] parts = kindMarker.get().substring(DirectoryTarget.KIND_PREFIX.length()).split(" ");
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

  static Set<String> values(Entry entry, String attribute) {
    String[] values = entry.getAttributeValues(attribute);
    return values == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(values));
  }
}
