package jp.mamori.webauthn;

/** Why a ceremony was refused, in Japanese and English, with the requirement it protects. */
public enum Refusal {
  MALFORMED("応答の形式が正しくありません", "the response is not a well-formed WebAuthn response", "MF-2"),
  UNKNOWN_CHALLENGE(
      "この要求は発行されていないか、既に使用されています",
      "the challenge was not issued or was already used (replay)",
      "MF-2"),
  EXPIRED("認証の有効時間を過ぎました。もう一度操作してください", "the challenge expired; start again", "MF-2"),
  WRONG_CEREMONY("別の種類の認証への応答です", "the response answers another kind of ceremony", "MF-2"),
  WRONG_USER("別の利用者への要求です", "the challenge was issued to another user", "LC-6"),
  OPERATION_MISMATCH(
      "承認した操作と実行しようとした操作が一致しません",
      "the operation executed is not the operation the authenticator approved",
      "PR-6"),
  NO_CREDENTIAL(
      "登録済みの認証器がありません。先に認証器を登録してください",
      "no usable authenticator is registered; register one first",
      "MF-2"),
  UNKNOWN_CREDENTIAL(
      "この認証器は登録されていません", "the authenticator is not registered for this user", "MF-2"),
  CREDENTIAL_SUSPENDED(
      "この認証器は停止されています（紛失届・複製の疑い）",
      "the authenticator is suspended (reported lost or suspected clone)",
      "MF-3"),
  CREDENTIAL_RETIRED("この認証器は交換済みで使用できません", "the authenticator was replaced and is retired", "MF-3"),
  ORIGIN("許可されていない接続元からの応答です", "the response comes from an origin that is not allowed", "MF-2"),
  RP_ID("別のサービス向けの認証器応答です", "the authenticator signed for another relying party (RP ID)", "MF-2"),
  USER_VERIFICATION_MISSING(
      "生体認証または PIN による本人確認が行われていません",
      "the authenticator did not verify the user (biometric or PIN required)",
      "MF-2"),
  ATTESTATION_UNTRUSTED(
      "認証器の製造元の証明 (アテステーション) を確認できません",
      "the authenticator's attestation does not chain to a trusted manufacturer root",
      "MF-2"),
  AUTHENTICATOR_MODEL(
      "ポリシーで許可されていない認証器の機種です",
      "the authenticator model (AAGUID) is not allowed by the policy",
      "MF-2"),
  ENROLMENT_NOT_AUTHORISED(
      "新しい認証器の登録には、登録済みの認証器による本人確認か、窓口または別の管理者が本人確認の上で発行した登録コードが必要です",
      "enrolling an authenticator needs a step-up with one already registered, or a one-time"
          + " enrolment code issued after an identity check by the desk or another administrator",
      "MF-3"),
  BACKUP_FLAGS_INVALID(
      "認証器の応答が不正です (バックアップ不可 BE=0 なのにバックアップ済み BS=1)",
      "the authenticator data says backed up (BS=1) but not backup eligible (BE=0), an invalid"
          + " combination (WebAuthn L3 §6.1)",
      "MF-2"),
  BACKUP_ELIGIBILITY_CHANGED(
      "認証器のバックアップ可否 (BE) が登録時と異なります。登録された認証器の応答ではありません",
      "the backup eligibility (BE) differs from the one recorded at registration, which never"
          + " changes for a credential (WebAuthn L3 §6.1.3): not the registered authenticator",
      "MF-2"),
  BACKUP_ELIGIBLE(
      "他の端末へ複製できる認証器 (同期されるパスキー等) は、この本人確認には使用できません。端末から取り出せない認証器 (IC カード、セキュリティキー等) を登録してください",
      "the credential may be backed up (BE=1, e.g. a synced passkey that a cloud account copies to"
          + " other devices), which the policy does not accept for step-up; register a"
          + " device-bound authenticator (IC card, security key)",
      "MF-2"),
  CREDENTIAL_BACKED_UP(
      "この認証器の鍵は登録後にバックアップ (他の端末へ複製) されたため使用できません。端末から取り出せない認証器を登録し直してください",
      "the credential has been backed up (BS 0→1) since it was registered, so it may be on other"
          + " devices, which the policy does not accept; register a device-bound authenticator",
      "MF-2"),
  SIGNATURE("署名を検証できませんでした", "the signature does not verify", "MF-2"),
  COUNTER_REGRESSION(
      "署名カウンタが後退しました。認証器の複製の疑いがあるため停止しました",
      "the signature counter went backwards: possible cloned authenticator, now suspended",
      "MF-3");

  private final String ja;
  private final String en;
  private final String requirementId;

  Refusal(String ja, String en, String requirementId) {
    this.ja = ja;
    this.en = en;
    this.requirementId = requirementId;
  }

  public String ja() {
    return ja;
  }

  public String en() {
    return en;
  }

  public String requirementId() {
    return requirementId;
  }
}
