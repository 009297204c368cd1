package jp.mamori.authz.governance;

import java.util.List;

/**
 * Every violation and sanction ({@code GET /api/sanctions}).
 *
 * @param violations the recorded violations
 * @param sanctions the sanctions, in force or lifted
 */
record SanctionListing(List<ViolationView> violations, List<SanctionView> sanctions) {

  SanctionListing {
    violations = List.copyOf(violations);
    sanctions = List.copyOf(sanctions);
  }
}
