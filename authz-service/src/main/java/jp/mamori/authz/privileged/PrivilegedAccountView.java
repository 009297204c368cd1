package jp.mamori.authz.privileged;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A privileged ID in the registry as the API shows it (PR-1). Instants and durations are ISO-8601
 * text.
 *
 * @param id the privileged ID
 * @param kind {@code DIRECTORY} or {@code KEYCLOAK_ROLE}
 * @param target the directory entry's DN or the Keycloak role
 * @param description what it is for
 * @param owner who answers for it
 * @param eligible who may request it, sorted; absent for callers who are not administrators,
 *     auditors or the CISO (who holds those rights is itself worth knowing to an attacker)
 * @param approvers who may approve, sorted; absent as {@code eligible} is
 * @param maxDuration the longest checkout
 * @param exclusive whether one holder at a time
 * @param emergencyAllowed whether emergency use is allowed
 * @param registeredAt when registered
 * @param registeredBy by whom
 * @param retiredAt when retired; absent while in use
 * @param lastRotatedAt when its password was last changed; absent if never
 */
record PrivilegedAccountView(
    String id,
    String kind,
    String target,
    String description,
    String owner,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> eligible,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> approvers,
    String maxDuration,
    boolean exclusive,
    boolean emergencyAllowed,
    String registeredAt,
    String registeredBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) String retiredAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String lastRotatedAt) {

  static PrivilegedAccountView of(PrivilegedAccount a) {
    return new PrivilegedAccountView(
        a.id(),
        a.kind().name(),
        a.target(),
        a.description(),
        a.owner(),
        a.eligible().stream().sorted().toList(),
        a.approvers().stream().sorted().toList(),
        a.maxDuration().toString(),
        a.exclusive(),
        a.emergencyAllowed(),
        a.registeredAt().toString(),
        a.registeredBy(),
        a.retiredAt().map(Instant::toString).orElse(null),
        a.lastRotatedAt().map(Instant::toString).orElse(null));
  }

  /** The same ID without the lists of who may request and approve it. */
  PrivilegedAccountView withoutWho() {
    return new PrivilegedAccountView(
        id,
        kind,
        target,
        description,
        owner,
        null,
        null,
        maxDuration,
        exclusive,
        emergencyAllowed,
        registeredAt,
        registeredBy,
        retiredAt,
        lastRotatedAt);
  }
}
