package jp.mamori.authz.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import jp.mamori.authz.audit.AuditChain.Checkpoint;

/**
 * The answer to a checkpoint on demand ({@code POST /api/audit/checkpoints}): the signed head, or
 * {@code seq} 0 and a {@code detail} when there was nothing new to sign. The members that do not
 * apply are absent, not {@code null}, as they were.
 *
 * @param seq the sequence number signed, or 0 when nothing was signed
 * @param hash the head's hash; absent when nothing was signed
 * @param jws the signature (a compact JWS); absent when nothing was signed
 * @param detail why nothing was signed; absent when something was
 */
record CheckpointSigned(
    long seq,
    @JsonInclude(JsonInclude.Include.NON_NULL) String hash,
    @JsonInclude(JsonInclude.Include.NON_NULL) String jws,
    @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {

  static CheckpointSigned of(Checkpoint c) {
    return new CheckpointSigned(c.seq(), c.hash(), c.jws(), null);
  }

  static CheckpointSigned nothingToSign() {
    return new CheckpointSigned(0, null, null, "the head is signed already (or the log is empty)");
  }
}
