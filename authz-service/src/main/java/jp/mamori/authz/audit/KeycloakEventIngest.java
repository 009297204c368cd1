package jp.mamori.authz.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.hrsync.reconcile.AuthEventSource;
import jp.mamori.hrsync.reconcile.AuthEventSource.AuthEvent;
import jp.mamori.policy.Enforces;

/**
 * Takes Keycloak's stored login events (logins, failed logins — among them tries while locked out —
 * logouts, credential changes) into the tamper-evident audit log (AU-1, AU-2), where an
 * administrator who can clear Keycloak's event table cannot remove them. Each run reads from the
 * watermark to a little before now (events still being written are left for the next run), at most
 * {@link #MAX_PER_RUN}, and appends them with the new watermark in one transaction holding the
 * source's row lock: two instances never take the same event, a run cut off takes nothing.
 */
@Enforces(
    value = {"AU-1"},
    ja = "Keycloak のログイン記録を監査ログに取り込み、Keycloak 側で消されても残す",
    en =
        "Takes Keycloak's login events into the audit log, where clearing Keycloak's table cannot remove them")
class KeycloakEventIngest {

  /** Events younger than this are left for the next run (Keycloak may still be writing them). */
  static final Duration SETTLE = Duration.ofSeconds(2);

  static final int MAX_PER_RUN = 5_000;

  /** Keycloak errors that mean the account was locked when the login was tried (LG-1). */
  static final Set<String> LOCKED_ERRORS = Set.of("user_temporarily_disabled", "user_disabled");

  private final AuditStores store;
  private final AuditLog audit;
  private final AuthEventSource source;
  private final String name;
  private final Clock clock;
  private final io.micrometer.core.instrument.MeterRegistry metrics;

  /**
   * @param name the source's name, e.g. {@code keycloak:mamori} (the realm)
   */
  public KeycloakEventIngest(
      AuditStores store, AuditLog audit, AuthEventSource source, String name, Clock clock) {
    this(
        store,
        audit,
        source,
        name,
        clock,
        new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
  }

  /**
   * @param metrics where the events taken are counted ({@code mamori.keycloak.logins} by outcome:
   *     {@code success}, {@code failure}, {@code locked} — a try on a locked-out account)
   */
  public KeycloakEventIngest(
      AuditStores store,
      AuditLog audit,
      AuthEventSource source,
      String name,
      Clock clock,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this.metrics = metrics;
    this.store = store;
    this.audit = audit;
    this.source = source;
    this.name = name;
    this.clock = clock;
  }

  /** One run; returns how many events were appended. */
  public int ingest() {
    List<AuthEvent> taken =
        audit.recordedAll(
            () -> {
              AuditStores.Watermark mark = store.lockWatermark(name);
              Instant watermark = mark.at();
              Set<String> seen = mark.ids();
              Instant until = clock.instant().minus(SETTLE);
              List<AuthEvent> events =
                  source.eventsFrom(watermark, until, MAX_PER_RUN + seen.size());
              List<AuthEvent> fresh = new ArrayList<>();
              for (AuthEvent e : events) {
                if (e.time().equals(watermark) && seen.contains(e.id())) {
                  continue;
                }
                fresh.add(e);
                if (fresh.size() == MAX_PER_RUN) {
                  break;
                }
              }
              if (fresh.isEmpty()) {
                return fresh;
              }
              Instant newest = fresh.getLast().time();
              Set<String> atNewest = new TreeSet<>();
              if (newest.equals(watermark)) {
                atNewest.addAll(seen);
              }
              fresh.stream()
                  .filter(e -> e.time().equals(newest))
                  .forEach(e -> atNewest.add(e.id()));
              atNewest.remove("");
              store.moveWatermark(name, newest, atNewest);
              return fresh;
            },
            events -> events.stream().map(this::entry).toList());
    for (AuthEvent e : taken) {
      String outcome =
          LOCKED_ERRORS.contains(e.error())
              ? "locked"
              : e.error().isEmpty() ? "success" : "failure";
      metrics.counter("mamori.keycloak.logins", "type", e.type(), "outcome", outcome).increment();
    }
    return taken.size();
  }

  private Entry entry(AuthEvent e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", e.id());
    fields.put("time", e.time().toString());
    fields.put("userId", e.userId());
    fields.put("ip", e.ipAddress());
    fields.put("client", e.clientId());
    if (!e.error().isEmpty()) {
      fields.put("error", e.error());
    }
    fields.put("source", name);
    boolean locked = LOCKED_ERRORS.contains(e.error());
    // a failed login that matches no account names whatever was typed — often a password typed
    // into the name field: only a keyed pseudonym and the length go into the chain, never the text
    boolean unknown = e.userId().isEmpty() && !e.username().isEmpty();
    if (unknown) {
      fields.put("typedLength", e.username().length());
    }
    String who =
        unknown
            ? "unknown:" + audit.signer().pseudonym(e.username())
            : e.username().isEmpty() ? e.userId() : e.username();
    return new Entry(
        "KEYCLOAK_" + e.type() + (locked ? "_LOCKED" : ""),
        who.isEmpty() ? "keycloak" : who,
        who,
        AuditLog.detail(fields),
        locked ? "AU-1,LG-1" : "AU-1");
  }
}
