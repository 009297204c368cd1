package jp.mamori.hrsync.reconcile;

/** What an account is for; only personal accounts are expected in the HR file. */
public enum AccountKind {
  /** One member of staff (LC-6). */
  PERSONAL,
  /** A declared service account: never reported as an orphan. */
  SERVICE,
  /** A declared privileged account (特権ID): governed by checkout, not by HR. */
  PRIVILEGED,
  /** A development or test account with an end date (LC-4). */
  DEVELOPMENT
}
