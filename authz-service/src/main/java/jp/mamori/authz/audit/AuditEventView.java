package jp.mamori.authz.audit;

import jp.mamori.authz.audit.AuditChain.Event;

/**
 * One audit event as the CISO's history of a person shows it ({@code GET
 * /api/audit/people/{username}}, GV-5).
 *
 * @param seq its place in the chain
 * @param at when, ISO-8601
 * @param kind what happened
 * @param actor who did it
 * @param subject to whom or what
 * @param detail its detail, JSON text
 * @param requirementIds the requirements it records, as stored
 * @param hash its hash in the chain
 */
record AuditEventView(
    long seq,
    String at,
    String kind,
    String actor,
    String subject,
    String detail,
    String requirementIds,
    String hash) {

  static AuditEventView of(Event e) {
    return new AuditEventView(
        e.seq(),
        e.at().toString(),
        e.kind(),
        e.actor(),
        e.subject(),
        e.detail(),
        e.requirementIds(),
        e.hash());
  }

  /** Without the detail: it may hold personal data. */
  @Override
  public String toString() {
    return "AuditEventView[#" + seq + ", " + at + ", " + kind + ", " + actor + ", " + subject + "]";
  }
}
