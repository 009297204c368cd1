package jp.mamori.authz.governance;

import jp.mamori.authz.shared.Bilingual;

/**
 * A sanction request (GV-4) that cannot be carried out as asked. A file of its own, so that the
 * checks that refuse (SanctionChecks) need not know the sanctions' facade, which uses them.
 */
final class SanctionRefused extends GovernanceRefusal {
  private static final long serialVersionUID = 1L;

  SanctionRefused(Fault fault, String message) {
    super(fault, message, new Bilingual("処分: この操作はできません", "sanction: this cannot be done"));
  }
}
