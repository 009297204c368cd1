package jp.mamori.hrsync.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Mamori's markers in a person entry ({@code mamori-state: …}, {@code mamori-kind: …}; see {@link
 * DirectoryTarget}): reading them, and the modification that sets or removes the state marker while
 * keeping every other value or line as found. Read by {@link DirectoryAccountReader}, written by
 * {@link DirectoryActions}, so that both agree on where the marker lives in each schema.
 */
final class DirectoryStateMarkers {

  private final LdapDirectory directory;

  DirectoryStateMarkers(LdapDirectory directory) {
    this.directory = directory;
  }

  /**
   * The state marker: in OpenLDAP one value of the multi-valued {@code description}; in Active
   * Directory the first line of {@code info} (AD keeps {@code description} single-valued on
   * accounts, where administrators use it and declare kinds, so a second value would be refused).
   */
  Optional<String> of(Entry entry) {
    String attribute = directory.schema().stateAttribute();
    if (directory.schema().stateAttributeIsSingleValued()) {
      String value = entry.getAttributeValue(attribute);
      if (value == null) {
        return Optional.empty();
      }
      String first = value.lines().findFirst().orElse("");
      return first.startsWith(DirectoryTarget.STATE_PREFIX)
          ? Optional.of(first.strip())
          : Optional.empty();
    }
    return marker(entry, attribute, DirectoryTarget.STATE_PREFIX);
  }

  /**
   * The modification that sets ({@code marker} present) or removes the state marker, keeping any
   * other text: other values of {@code description} in OpenLDAP, the other lines of {@code info} in
   * Active Directory.
   */
  Modification change(Entry entry, Optional<String> marker) {
    String attribute = directory.schema().stateAttribute();
    if (directory.schema().stateAttributeIsSingleValued()) {
      String value = entry.getAttributeValue(attribute);
      List<String> rest =
          value == null
              ? List.of()
              : value.lines().filter(l -> !l.startsWith(DirectoryTarget.STATE_PREFIX)).toList();
      List<String> lines = new ArrayList<>();
      marker.ifPresent(lines::add);
      lines.addAll(rest);
      String joined = String.join("\r\n", lines).strip();
      return joined.isEmpty()
          ? new Modification(ModificationType.REPLACE, attribute)
          : new Modification(ModificationType.REPLACE, attribute, joined);
    }
    Optional<String> old = marker(entry, attribute, DirectoryTarget.STATE_PREFIX);
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

  static Optional<String> marker(Entry entry, String attribute, String prefix) {
    String[] values = entry.getAttributeValues(attribute);
    if (values == null) {
      return Optional.empty();
    }
    return Arrays.stream(values).filter(v -> v.startsWith(prefix)).findFirst();
  }
}
