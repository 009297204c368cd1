package jp.mamori.authz.lifecycle;

/**
 * The answer to a dry run ({@code POST /api/lifecycle/plans}): the stored plan's ID, status,
 * fingerprint (to approve it by) and number of changes.
 */
record PlanMade(long id, String status, String fingerprint, int changes) {}
