package jp.mamori.hrsync.reconcile;

/**
 * Why an account is suspended or disabled. HR-driven stops are lifted by HR (a return from
 * secondment restores the account); the others need an administrator (a dormant account is not
 * re-enabled just because its owner is still employed).
 *
 * <p>Targets and snapshots store the constant's name ({@code mamoriStopReason}, the directory's
 * state marker, {@link SnapshotCodec}): a constant is never renamed or removed, so every stored
 * name still reads; new ones are only added.
 */
public enum StopReason {
  SECONDED(true, "出向", "secondment"),
  /** 休職 (在籍区分 03), and any leave stored before the kinds below were told apart. */
  LEAVE(true, "休職", "leave of absence"),
  /** 育児休業 (在籍区分 05). */
  CHILDCARE_LEAVE(true, "育児休業", "childcare leave"),
  /** 産前産後休暇 (在籍区分 06). */
  MATERNITY_LEAVE(true, "産前産後休暇", "maternity leave"),
  /** 病気休職 (在籍区分 07). */
  SICK_LEAVE(true, "病気休職", "sick leave"),
  RETIRED(true, "退職", "left"),
  CONTRACT_ENDED(true, "契約終了", "contract ended"),
  ORPHANED(false, "人事データなし", "no HR record"),
  DORMANT(false, "長期未使用", "dormant"),
  DEVELOPMENT_ENDED(false, "開発終了", "development ended"),
  ADMINISTRATIVE(false, "管理者による停止", "stopped by an administrator"),
  /** The owner reported a login that was not theirs (LG-1): locked until an administrator. */
  REPORTED_NOT_ME(false, "本人以外のログインの申告", "owner reported a login that was not theirs"),
  /** A sanction for a policy violation (GV-4): lifted only by an approved reinstatement. */
  SANCTIONED(false, "違反に対する処分", "sanction for a policy violation"),
  /** Not confirmed by the section head in an ID inventory (棚卸, LC-3) by its deadline. */
  INVENTORY_UNCONFIRMED(false, "棚卸で未確認", "not confirmed in the ID inventory"),
  /** The section head answered "no longer needed" in an ID inventory (LC-3). */
  INVENTORY_NOT_NEEDED(false, "棚卸で不要と回答", "declared no longer needed in the ID inventory");

  private final boolean liftedByHr;
  private final String ja;
  private final String en;

  StopReason(boolean liftedByHr, String ja, String en) {
    this.liftedByHr = liftedByHr;
    this.ja = ja;
    this.en = en;
  }

  /** Whether an HR record that calls for an active account lifts this stop. */
  public boolean liftedByHr() {
    return liftedByHr;
  }

  public String ja() {
    return ja;
  }

  public String en() {
    return en;
  }
}
