package jp.mamori.hrsync.reconcile;

/** How an HR record and a target account relate (the vocabulary of midPoint's reconciliation). */
public enum Situation {
  /** An HR record and exactly one account with its employee number. */
  LINKED,
  /** An HR record and no account. */
  UNMATCHED,
  /**
   * An account and no HR record (and not a declared service, privileged or development account).
   */
  ORPHANED,
  /** Two or more accounts in one target carry the same employee number: a person must decide. */
  DISPUTED,
  /** An HR record saying the person has left, and an account. */
  DEPARTED,
  /** A declared development or contractor account with an end date. */
  DECLARED,
  /**
   * The person's row in the HR file was rejected: they are in HR, but what HR says of them could
   * not be read, so nothing changes for them until the row is fixed (never an orphan, never moved).
   */
  REJECTED_ROW
}
