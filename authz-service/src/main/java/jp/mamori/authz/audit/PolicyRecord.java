package jp.mamori.authz.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.policy.Enforces;

/**
 * Policy changes on record (AU-5): when a service instance starts with a policy document whose
 * content differs from the one last recorded, the change is appended to the audit log with the
 * document's SHA-256 and source, so that an auditor can tell which policy was in force when.
 */
@Enforces(
    value = {"AU-5"},
    ja = "起動時にポリシー文書の内容 (SHA-256) を前回の記録と比べ、変わっていれば監査ログに記録する",
    en =
        "At start-up compares the policy document's SHA-256 with the last one recorded and records"
            + " a change in the audit log")
class PolicyRecord {

  private final AuditStores store;
  private final AuditLog audit;

  public PolicyRecord(AuditStores store, AuditLog audit) {
    this.store = store;
    this.audit = audit;
  }

  /** The content's SHA-256, hex. */
  public static String fingerprint(List<byte[]> parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(part.length).array());
        sha.update(part);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Records the policy in force if it is not the one last recorded; returns the event appended, if
   * any.
   *
   * @param source where the document came from (the shipped default, an override file)
   */
  public Optional<AuditChain.Event> record(String source, String fingerprint, String actor) {
    Optional<String> last =
        store
            .lastPolicyDetail()
            .map(d ->
                tools.jackson.databind.json.JsonMapper.shared()
                    .readTree(d)
                    .path("sha256")
                    .asString(""));
    if (last.isPresent() && last.get().equals(fingerprint)) {
      return Optional.empty();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("sha256", fingerprint);
    fields.put("source", source);
    last.ifPresent(previous -> fields.put("previous", previous));
    return Optional.of(
        audit.append(
            new Entry(
                last.isEmpty() ? "POLICY_LOADED" : "POLICY_CHANGED",
                actor,
                "policy",
                AuditLog.detail(fields),
                "AU-5")));
  }
}
