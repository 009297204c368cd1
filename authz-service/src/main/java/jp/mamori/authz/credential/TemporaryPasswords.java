package jp.mamori.authz.credential;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.sync.TemporaryPassword;
import jp.mamori.hrsync.sync.TemporaryPasswordStore;
import jp.mamori.policy.Enforces;
import jp.mamori.policy.TemporaryPasswordRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary-password procedure (仮パスワード, PW-4): an administrator issues one for one person; it
 * is generated to the policy, set in Keycloak as temporary (the change is forced at the first login
 * on every login path), shown once to the issuer and never stored or logged; the record keeps who
 * issued it, for whom, when, how it was handed over and until when it is valid. A sweep finds the
 * ones used (changed at the first login) and withdraws the ones that expired unused: the person
 * cannot log in until a new one is issued.
 */
@Enforces(
    value = {"PW-4"},
    ja = "仮パスワードを発行し、交付方法と初回ログインでの変更・期限切れを記録する",
    en = "Issues temporary passwords and records their hand-over, change at first login or expiry")
public class TemporaryPasswords {

  private static final Logger log = LoggerFactory.getLogger(TemporaryPasswords.class);

  /** How a temporary password reached its owner (受け渡し方法). */
  public enum Handover {
    IN_PERSON("窓口で手渡し", "handed over in person"),
    SEALED_LETTER("封書", "sealed letter"),
    VIA_SECTION_HEAD("所属長経由", "through the section head"),
    HAND_OVER_SHEET("受け渡し票", "hand-over sheet");

    private final Bilingual text;

    Handover(String ja, String en) {
      this.text = new Bilingual(ja, en);
    }

    /** The name for people, in both languages. */
    public Bilingual text() {
      return text;
    }

    public String ja() {
      return text.ja();
    }

    public String en() {
      return text.en();
    }
  }

  /** How an issuance ended, or that it has not yet. */
  public enum Outcome {
    OUTSTANDING,
    USED,
    EXPIRED,
    SUPERSEDED,
    FAILED
  }

  /**
   * A temporary password just issued: the only object that carries it. {@link #toString()} hides
   * it.
   */
  public record Issued(
      long id,
      String employeeNumber,
      TemporaryPassword password,
      String issuedBy,
      Handover handover,
      Instant issuedAt,
      Instant expiresAt) {
    @Override
    public String toString() {
      return "Issued[" + id + " for " + employeeNumber + " by " + issuedBy + ", password ***]";
    }
  }

  /** One issuance as recorded (no password). */
  public record Issuance(
      long id,
      String employeeNumber,
      String issuedBy,
      String handover,
      Instant issuedAt,
      Optional<Instant> expiresAt,
      Outcome outcome,
      Optional<Instant> endedAt) {}

  /** What a sweep found. */
  public record Sweep(int used, int expired) {}

  /** The issuer asked for something the procedure does not allow (403). */
  public static final class NotAllowed extends Refusal {
    NotAllowed(String message) {
      super(
          Fault.FORBIDDEN,
          "TEMPORARY_PASSWORD_NOT_ALLOWED",
          new Bilingual("この操作は許可されていません", "not allowed"),
          message,
          "PW-4");
    }
  }

  /** There is no account to issue for (404). */
  public static final class NoSuchAccount extends Refusal {
    NoSuchAccount(String message) {
      super(
          Fault.NOT_FOUND,
          "NO_SUCH_ACCOUNT",
          new Bilingual("アカウントがありません", "no such account"),
          message);
    }
  }

  private final TemporaryPasswordStore keycloak;
  private final Supplier<TemporaryPassword> generator;
  private final TemporaryPasswordRules rules;
  private final TemporaryPasswordIssueStore issues;
  private final AuditLog audit;
  private final Clock clock;

  public TemporaryPasswords(
      TemporaryPasswordStore keycloak,
      Supplier<TemporaryPassword> generator,
      TemporaryPasswordRules rules,
      TemporaryPasswordIssueStore issues,
      AuditLog audit,
      Clock clock) {
    this.keycloak = keycloak;
    this.generator = generator;
    this.rules = rules;
    this.issues = issues;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Issues a temporary password for the account {@code employeeNumber} (its Keycloak username). An
   * earlier one still outstanding is superseded: it no longer works.
   *
   * @throws NotAllowed if the issuer is the account's owner (nobody issues their own)
   * @throws NoSuchAccount if Keycloak has no such account
   */
  public Issued issue(String employeeNumber, String issuer, Handover handover) {
    Objects.requireNonNull(handover, "handover");
    if (issuer == null || issuer.isBlank()) {
      throw new NotAllowed("the issuer must be named: expected the administrator's username");
    }
    if (issuer.equals(employeeNumber)) {
      throw new NotAllowed(
          "自分自身の仮パスワードは発行できません / nobody issues a temporary password for their own"
              + " account ("
              + employeeNumber
              + "): another administrator must (PW-4)");
    }
    String userId =
        keycloak
            .userId(employeeNumber)
            .orElseThrow(() ->
                new NoSuchAccount(
                    "no account "
                        + employeeNumber
                        + " in Keycloak: expected a staff member registered by the HR sync"));
    Instant now = clock.instant();
    Instant expires = now.plus(rules.lifetime());
    // recorded first: a password is never in force in Keycloak without its record
    long id =
        audit.recorded(
            () -> issues.insert(employeeNumber, now, issuer, handover, userId, expires),
            issued ->
                new AuditChain.Entry(
                    "TEMPORARY_PASSWORD_ISSUED",
                    issuer,
                    "staff/" + employeeNumber,
                    AuditLog.detail(
                        java.util.Map.of(
                            "issue", issued,
                            "handover", handover.name(),
                            "expiresAt", expires.toString())),
                    "PW-4"));
    TemporaryPassword password = generator.get();
    TemporaryPasswordStore.PasswordState state;
    try {
      state = keycloak.setTemporary(userId, password);
      keycloak.expiresAt(userId, expires); // refused at login once past it, not only by the sweep
    } catch (RuntimeException e) {
      password.clear();
      end(id, Outcome.FAILED, clock.instant());
      throw e;
    }
    issues.passwordSet(id, state.passwordSetAt());
    issues.supersedeOthers(employeeNumber, id, now);
    log.info(
        "Temporary password {} issued for {} by {} ({}), valid until {}",
        id,
        employeeNumber,
        issuer,
        handover,
        expires);
    return new Issued(id, employeeNumber, password, issuer, handover, now, expires);
  }

  /** Every issuance for one account, newest first. */
  public List<Issuance> history(String employeeNumber) {
    return issues.history(employeeNumber);
  }

  /**
   * Looks at every outstanding temporary password: one whose credential was replaced, or that no
   * longer requires a change, was used (the first login changed it): recorded with the time the new
   * password was set. One past its expiry and still unused is withdrawn from Keycloak (it stops
   * working; the person is locked out until a new one is issued) and recorded as expired.
   */
  public Sweep sweep() {
    List<TemporaryPasswordIssueStore.Open> open = issues.outstanding();
    int used = 0;
    int expired = 0;
    for (TemporaryPasswordIssueStore.Open o : open) {
      TemporaryPasswordStore.PasswordState state = keycloak.state(o.userId());
      boolean replaced =
          state.passwordSetAt().isPresent()
              && o.setAt() != null
              && state.passwordSetAt().get().isAfter(o.setAt());
      if (replaced || (state.passwordSetAt().isPresent() && !state.changeRequired())) {
        end(o.id(), Outcome.USED, state.passwordSetAt().orElse(clock.instant()));
        used++;
      } else if (!clock.instant().isBefore(o.expiresAt())) {
        keycloak.withdrawPassword(o.userId());
        end(o.id(), Outcome.EXPIRED, clock.instant());
        log.info(
            "Temporary password {} of {} expired unused at {}: withdrawn",
            o.id(),
            o.employeeNumber(),
            o.expiresAt());
        expired++;
      }
    }
    return new Sweep(used, expired);
  }

  private void end(long id, Outcome outcome, Instant at) {
    audit.recorded(
        () -> issues.end(id, outcome, at),
        account ->
            account
                .map(a ->
                    new AuditChain.Entry(
                        "TEMPORARY_PASSWORD_" + outcome.name(),
                        "mamori",
                        "staff/" + a,
                        AuditLog.detail(java.util.Map.of("issue", id)),
                        "PW-4"))
                .orElse(null));
  }
}
