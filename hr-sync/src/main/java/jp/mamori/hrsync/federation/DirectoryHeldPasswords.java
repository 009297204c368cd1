package jp.mamori.hrsync.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jp.mamori.hrsync.directory.DirectoryPasswordPolicy;
import jp.mamori.hrsync.directory.DirectorySettings;
import jp.mamori.hrsync.directory.LdapDirectory;
import jp.mamori.hrsync.sync.RealmDrift;

/**
 * The settings of the mode in which the directory holds the password, as one unit Mamori writes and
 * checks for drift (AU-5): the policy's password and lockout rules in the directory (ppolicy entry
 * or AD PSO, {@link DirectoryPasswordPolicy}) and Keycloak's federation over the directory ({@link
 * KeycloakDirectoryFederation}). Differences are reported as {@link RealmDrift}, so that they are
 * recorded, restored and shown exactly like the realm's.
 */
public final class DirectoryHeldPasswords {

  private final LdapDirectory directory;
  private final DirectorySettings settings;
  private final DirectoryPasswordPolicy policy;
  private final KeycloakDirectoryFederation federation;

  public DirectoryHeldPasswords(
      LdapDirectory directory,
      DirectorySettings settings,
      DirectoryPasswordPolicy policy,
      KeycloakDirectoryFederation federation) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.federation = Objects.requireNonNull(federation, "federation");
  }

  /**
   * Whether Mamori has configured the mode before (the federation exists): before that, the first
   * {@link #configure()} is set-up, not the repair of drift.
   */
  public boolean configured() {
    return federation.find().isPresent();
  }

  /** Writes the policy to the directory and configures the federation. */
  public void configure() {
    policy.apply(directory);
    federation.configure(settings);
  }

  /** Every difference, the directory's password policy first, then the federation's settings. */
  public List<RealmDrift> drift() {
    List<RealmDrift> out = new ArrayList<>();
    for (DirectoryPasswordPolicy.Difference d : policy.differences(directory)) {
      out.add(
          new RealmDrift(
              "directory " + policy.entryDn() + " " + d.attribute(),
              d.expected(),
              d.found().orElse("(none)"),
              List.of("PW-1", "PW-2", "LG-1")));
    }
    out.addAll(federation.drift(settings));
    return out;
  }

  /** The directory account's group for the password settings, where the directory has one (AD). */
  public boolean enrol(String accountDn) {
    return policy.enrol(directory, accountDn);
  }
}
