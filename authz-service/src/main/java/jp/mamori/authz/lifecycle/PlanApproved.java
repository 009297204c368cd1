package jp.mamori.authz.lifecycle;

/** The answer to an approval: the plan, {@code APPROVED}, and who approved it. */
record PlanApproved(long id, String status, String approvedBy) {}
