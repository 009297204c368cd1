package jp.mamori.policy;

/** The three network tiers of 三層分離 (seed 000, 6-(3)). */
public enum Tier {
  /** マイナンバー利用事務系: individual-number work; multi-factor authentication required (MF-2). */
  MYNUMBER,
  /** LGWAN接続系: internal business systems. */
  LGWAN,
  /** インターネット接続系. */
  INTERNET
}
