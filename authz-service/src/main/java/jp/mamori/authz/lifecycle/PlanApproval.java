package jp.mamori.authz.lifecycle;

/**
 * The body of an approval ({@code POST /api/lifecycle/plans/{id}/approve}).
 *
 * @param fingerprint the fingerprint shown with the plan; when absent (or null) the approval is
 *     made with an empty fingerprint and refused as not matching ({@code 409}), as before
 */
record PlanApproval(String fingerprint) {

  PlanApproval {
    fingerprint = fingerprint == null ? "" : fingerprint;
  }
}
