package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.mamori.hrsync.hr.StaffRecord;

/**
 * How a person's account is written in each schema ({@link DirectorySchema}: OpenLDAP-style or
 * Active Directory): the attributes read, the person filter, a new entry, the entry as a {@link
 * DirectoryAccount}, whether the server lets it log in and the modifications that enable or stop
 * it, and Active Directory's domain and {@code userPrincipalName} suffix. No I/O.
 */
final class PersonEntries {

  static final String DISPLAY_NAME = "displayName";
  static final String USER_ACCOUNT_CONTROL = "userAccountControl";
  static final String USER_PRINCIPAL_NAME = "userPrincipalName";

  /**
   * The ppolicy overlay's lock ({@code slapo-ppolicy}): with this value the account is locked until
   * an administrator removes it; any other value is a lockout after failed logins, which ends by
   * itself or by an unlock.
   */
  static final String PWD_ACCOUNT_LOCKED_TIME = "pwdAccountLockedTime";

  /** {@link #PWD_ACCOUNT_LOCKED_TIME}'s value for "locked by an administrator, no end". */
  static final String LOCKED_FOR_GOOD = "000001010000Z";

  private final DirectorySchema schema;
  private final DN peopleDn;
  private final String[] attributes;

  PersonEntries(DirectorySchema schema, DN peopleDn) {
    this.schema = schema;
    this.peopleDn = peopleDn;
    List<String> wanted =
        new ArrayList<>(
            List.of(
                schema.loginAttribute(),
                schema.employeeNumberAttribute(),
                schema.fullNameAttribute(),
                DISPLAY_NAME,
                "cn",
                schema.sectionCodeAttribute(),
                DirectoryTarget.KIND_ATTRIBUTE,
                schema.stateAttribute(),
                schema.sectionNameAttribute(),
                "title",
                "createTimestamp"));
    wanted.add(
        schema == DirectorySchema.ACTIVE_DIRECTORY
            ? USER_ACCOUNT_CONTROL
            : PWD_ACCOUNT_LOCKED_TIME);
    schema.lastLoginAttribute().ifPresent(wanted::add);
    this.attributes = wanted.stream().distinct().toArray(String[]::new);
  }

  /** The attributes every person read asks for. */
  String[] attributes() {
    return attributes;
  }

  Filter personFilter() {
    Filter person = Filter.createEqualityFilter("objectClass", schema.personObjectClass());
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      // In AD, computer accounts are objectClass=user too.
      return Filter.createANDFilter(
          person, Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));
    }
    return person;
  }

  Entry newEntry(DN dn, StaffRecord staff, String loginName) {
    Entry entry = new Entry(dn);
    entry.addAttribute("objectClass", schema.objectClasses().toArray(String[]::new));
    entry.addAttribute(schema.loginAttribute(), loginName);
    entry.addAttribute(schema.employeeNumberAttribute(), staff.employeeNumber());
    entry.addAttribute(DISPLAY_NAME, staff.fullName());
    entry.addAttribute("sn", staff.familyName());
    if (!staff.givenName().isEmpty()) {
      entry.addAttribute("givenName", staff.givenName());
    }
    entry.addAttribute(schema.sectionCodeAttribute(), staff.sectionCode());
    entry.addAttribute(schema.sectionNameAttribute(), staff.sectionName());
    entry.addAttribute("title", staff.title());
    entry.addAttribute("employeeType", staff.employmentType().name());
    switch (schema) {
      case OPENLDAP -> entry.addAttribute("cn", staff.fullName());
      case ACTIVE_DIRECTORY -> {
        // The RDN's value must also be an attribute value of the entry; Entry(DN) does not add it.
        entry.addAttribute("cn", loginName);
        entry.addAttribute(USER_PRINCIPAL_NAME, loginName + upnSuffix());
        entry.addAttribute(
            USER_ACCOUNT_CONTROL,
            Integer.toString(
                DirectorySchema.UAC_NORMAL_ACCOUNT | DirectorySchema.UAC_ACCOUNT_DISABLE));
      }
    }
    return entry;
  }

  DirectoryAccount toAccount(Entry entry) {
    String fullName = value(entry, DISPLAY_NAME);
    if (fullName.isEmpty()) {
      fullName = value(entry, schema.fullNameAttribute());
    }
    if (fullName.isEmpty()) {
      fullName = value(entry, "cn");
    }
    return new DirectoryAccount(
        entry.getDN(),
        value(entry, schema.employeeNumberAttribute()),
        value(entry, schema.loginAttribute()),
        fullName,
        value(entry, schema.sectionCodeAttribute()),
        enabled(entry));
  }

  private boolean enabled(Entry entry) {
    return enabledOnServer(entry);
  }

  private static String value(Entry entry, String attribute) {
    String value = entry.getAttributeValue(attribute);
    return value == null ? "" : value;
  }

  /**
   * Whether the server lets the account log in, as the server itself records it: Active Directory's
   * ACCOUNTDISABLE bit (an absent or unreadable {@code userAccountControl} counts as disabled);
   * OpenLDAP's ppolicy lock set by an administrator ({@link #LOCKED_FOR_GOOD}). A lockout after
   * failed logins is not a stop.
   */
  boolean enabledOnServer(Entry entry) {
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      Integer uac = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
      return uac != null && (uac & DirectorySchema.UAC_ACCOUNT_DISABLE) == 0;
    }
    return !LOCKED_FOR_GOOD.equals(entry.getAttributeValue(PWD_ACCOUNT_LOCKED_TIME));
  }

  /**
   * The modifications that make the server enable ({@code true}) or stop the account read as {@code
   * entry}; none when it already is so.
   */
  List<Modification> enabledState(Entry entry, boolean enable) {
    if (enabledOnServer(entry) == enable) {
      return List.of();
    }
    if (schema == DirectorySchema.ACTIVE_DIRECTORY) {
      Integer uac = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL);
      int value = uac == null ? DirectorySchema.UAC_NORMAL_ACCOUNT : uac;
      value =
          enable
              ? value & ~DirectorySchema.UAC_ACCOUNT_DISABLE
              : value | DirectorySchema.UAC_ACCOUNT_DISABLE;
      return List.of(
          new Modification(
              ModificationType.REPLACE, USER_ACCOUNT_CONTROL, Integer.toString(value)));
    }
    return List.of(
        enable
            ? new Modification(ModificationType.DELETE, PWD_ACCOUNT_LOCKED_TIME)
            : new Modification(ModificationType.REPLACE, PWD_ACCOUNT_LOCKED_TIME, LOCKED_FOR_GOOD));
  }

  /**
   * The domain's DN and DNS name for Active Directory, from the {@code DC=} components that end
   * {@link DirectorySettings#peopleDn()}: {@code OU=Staff,DC=city,DC=lg,DC=jp} → {@code
   * DC=city,DC=lg,DC=jp}, {@code city.lg.jp} (the {@code userPrincipalName} suffix).
   */
  DN domainDn() {
    List<RDN> dcs = new ArrayList<>();
    for (RDN rdn : peopleDn.getRDNs()) {
      if (rdn.getAttributeNames().length == 1
          && rdn.getAttributeNames()[0].equalsIgnoreCase("dc")) {
        dcs.add(rdn);
      } else {
        dcs.clear();
      }
    }
    return dcs.isEmpty() ? peopleDn : new DN(dcs);
  }

  /** The {@code userPrincipalName} suffix: {@code @} and the domain's DNS name. */
  String upnSuffix() {
    List<String> labels = new ArrayList<>();
    for (RDN rdn : domainDn().getRDNs()) {
      labels.add(rdn.getAttributeValues()[0].toLowerCase(Locale.ROOT));
    }
    return "@" + String.join(".", labels);
  }
}
