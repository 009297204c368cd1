package jp.mamori.policy;

/**
 * The three network tiers of 三層分離 (seed 000 本庄市 基本方針 6-(3); 8-(2)-③ of seed 002). The names are the
 * keys under {@code tiers} in the policy document.
 */
public enum Tier {
  /**
   * マイナンバー利用事務系: the isolated tier for 個人番号 work (tax, social security, residents' register).
   * Terminals need multi-factor authentication (MF-2).
   */
  MYNUMBER,
  /** LGWAN接続系: internal business systems. */
  LGWAN,
  /** インターネット接続系: the tier with Internet access. */
  INTERNET
}
