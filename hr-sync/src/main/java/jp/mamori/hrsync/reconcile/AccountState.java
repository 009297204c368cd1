package jp.mamori.hrsync.reconcile;

/** Whether an account may log in, and if not, which kind of stop it is. */
public enum AccountState {
  ENABLED,
  /** Stopped for a while: secondment (出向), leave (休職・育休), a sanction; restored later. */
  SUSPENDED,
  /** Stopped for good: left, contract ended, orphaned or dormant; deleted after retention. */
  DISABLED
}
