package jp.mamori.authz.governance;

/**
 * A sanction request (GV-4) that cannot be carried out as asked. A file of its own, so that the
 * checks that refuse (SanctionChecks) need not know the sanctions' facade, which uses them.
 */
public final class SanctionRefused extends GovernanceRefusal {
  SanctionRefused(String message, boolean conflict) {
    super(message, conflict, false, "処分: この操作はできません / sanction: this cannot be done");
  }
}
