package jp.mamori.policy;

/**
 * The kinds of absence (休業・休職) the HR export names, as keys of {@code lifecycle.absences}: the
 * person returns, and until then the policy says which tiers they may not use ({@link
 * AbsenceRule}). The names are those of the HR model's 在籍区分 (codes 03, 05–07).
 */
public enum LeaveKind {
  /** 休職 (在籍区分 03): a leave of absence not named below. */
  LEAVE("休職", "leave of absence"),
  /** 育児休業 (在籍区分 05). */
  CHILDCARE_LEAVE("育児休業", "childcare leave"),
  /** 産前産後休暇 (在籍区分 06). */
  MATERNITY_LEAVE("産前産後休暇", "maternity leave"),
  /** 病気休職 (在籍区分 07). */
  SICK_LEAVE("病気休職", "sick leave");

  private final String ja;
  private final String en;

  LeaveKind(String ja, String en) {
    this.ja = ja;
    this.en = en;
  }

  /** The Japanese name, as HR writes it. */
  public String ja() {
    return ja;
  }

  public String en() {
    return en;
  }
}
