package jp.mamori.authz.stepup;

import com.yubico.webauthn.data.ByteArray;
import java.util.Map;
import jp.mamori.authz.alert.Alerts;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.webauthn.AuthenticatorEvents;

/**
 * What happens to Mamori's own step-up authenticators goes on record three ways, in one
 * transaction: the relying party's row ({@code webauthn_event}), the tamper-evident audit chain
 * ({@code STEP_UP_KEY_*}, MF-3), and a notice to the owner for every enrolment, loss, suspected
 * clone and backup of the key to a cloud account — so that a key enrolled by someone who stole the
 * password is seen by the person whose step-up it would pass. A counter that went backwards (a
 * cloned authenticator) also opens an alert for the information-system section.
 */
final class StepUpKeyEvents implements AuthenticatorEvents {

  private final AuthenticatorEvents rows;
  private final AuditLog audit;
  private final Alerts alerts;

  StepUpKeyEvents(AuthenticatorEvents rows, AuditLog audit, Alerts alerts) {
    this.rows = rows;
    this.audit = audit;
    this.alerts = alerts;
  }

  @Override
  public void record(Kind kind, String username, ByteArray credentialId, String detail) {
    String id = credentialId.getBase64Url();
    String shortId = id.length() > 12 ? id.substring(0, 12) + "…" : id;
    audit.recorded(
        () -> {
          rows.record(kind, username, credentialId, detail);
          switch (kind) {
            case REGISTERED ->
                alerts.notify(
                    username,
                    "本人確認用の認証器が登録されました (" + shortId + ")",
                    "A step-up authenticator was registered for you (" + shortId + ")",
                    notice(detail));
            case LOST ->
                alerts.notify(
                    username,
                    "本人確認用の認証器が紛失として停止されました (" + shortId + ")",
                    "Your step-up authenticator was suspended as lost (" + shortId + ")",
                    notice(detail));
            case COUNTER_REGRESSION -> {
              alerts.raise(
                  "STEP_UP_COUNTER_REGRESSION",
                  username + " " + id,
                  new Bilingual(
                      username + " の認証器の署名カウンタが後退しました (複製の疑い)。認証器は停止しました: " + detail,
                      "the signature counter of "
                          + username
                          + "'s authenticator went backwards"
                          + " (possible clone); the authenticator is suspended: "
                          + detail),
                  "MF-3");
              alerts.notify(
                  username,
                  "本人確認用の認証器に複製の疑いがあり、停止しました (" + shortId + ")",
                  "Your step-up authenticator may have been cloned and is suspended ("
                      + shortId
                      + ")",
                  notice(detail));
            }
            case BACKED_UP ->
                alerts.notify(
                    username,
                    "本人確認用の認証器の鍵がバックアップ (他の端末へ複製) されました (" + shortId + ")",
                    "Your step-up authenticator's key was backed up to other devices ("
                        + shortId
                        + ")",
                    notice(detail));
            case RETIRED, FOUND -> {}
          }
          return kind;
        },
        k ->
            new AuditChain.Entry(
                "STEP_UP_KEY_" + k.name(),
                username,
                "staff/" + username,
                AuditLog.detail(Map.of("credential", id, "detail", detail == null ? "" : detail)),
                "MF-3"));
  }

  private static String notice(String detail) {
    return (detail == null ? "" : detail + "\n")
        + "心当たりがない場合は、すぐに情報システム課に連絡してください"
        + " / if this was not you, contact the information-system section at once";
  }
}
