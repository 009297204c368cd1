package jp.mamori.authz.shared;

import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one way the service says no: whose fault it is ({@link Fault}, which gives the HTTP status),
 * a stable code for programs, a title for people in Japanese and English, the detail (what was
 * expected and what was found), and the requirements the refusal enforces.
 *
 * <p>The features' own refusals extend this class; {@code operations.ApiProblems} answers every one
 * of them on the JSON API with one problem shape, and the console shows the same detail. Anything
 * that is not a refusal is an internal error: its message is logged, never shown.
 */
public class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whose fault, as the HTTP status says it. */
  public enum Fault {
    /** The request's values are outside the rules (400). */
    INVALID(HttpStatus.BAD_REQUEST),
    /** The caller's login is no longer valid: log in again (401). */
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    /** The caller may not do this at all (403). */
    FORBIDDEN(HttpStatus.FORBIDDEN),
    /** What the request names does not exist (404). */
    NOT_FOUND(HttpStatus.NOT_FOUND),
    /** Not now: the thing is not in a state for this, or it was done already (409). */
    CONFLICT(HttpStatus.CONFLICT),
    /**
     * Not yet: the caller must first confirm with their authenticator, then send the same request
     * again with the answer (428).
     */
    STEP_UP_REQUIRED(HttpStatus.PRECONDITION_REQUIRED),
    /** A document that was sent cannot be used as it is (422). */
    UNPROCESSABLE(HttpStatus.UNPROCESSABLE_ENTITY),
    /** Done, but its record is not complete: an administrator must complete it (500). */
    INCOMPLETE(HttpStatus.INTERNAL_SERVER_ERROR),
    /** Something the service needs is missing or away; trying later may help (503). */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    Fault(HttpStatus status) {
      this.status = status;
    }

    public HttpStatus status() {
      return status;
    }
  }

  private final Fault fault;
  private final String code;
  private final Bilingual title;
  private final List<String> requirementIds;

  /**
   * @param fault whose fault
   * @param code stable, upper case, for programs ({@code "ACCOUNT_LOCKED"})
   * @param title what was refused, for people
   * @param detail what was expected and what was found (shown to the caller: no secrets)
   * @param requirementIds the requirements the refusal enforces (may be none)
   */
  public Refusal(
      Fault fault, String code, Bilingual title, String detail, String... requirementIds) {
    super(detail);
    this.fault = Objects.requireNonNull(fault, "fault");
    this.code = Objects.requireNonNull(code, "code");
    this.title = Objects.requireNonNull(title, "title");
    this.requirementIds = List.of(requirementIds);
  }

  /** As the other constructor, with the exception that caused the refusal (logged, not shown). */
  public Refusal(
      Fault fault,
      String code,
      Bilingual title,
      String detail,
      Throwable cause,
      String... requirementIds) {
    this(fault, code, title, detail, requirementIds);
    initCause(cause);
  }

  public Fault fault() {
    return fault;
  }

  public String code() {
    return code;
  }

  public Bilingual title() {
    return title;
  }

  /** What was expected and what was found. */
  public String detail() {
    return getMessage();
  }

  public List<String> requirementIds() {
    return requirementIds;
  }

  /** The refusal as an RFC 9457 problem; a refusal with more to say adds its own properties. */
  public ProblemDetail problem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(fault.status(), detail());
    problem.setTitle(title.both());
    problem.setProperty("code", code);
    if (!requirementIds.isEmpty()) {
      problem.setProperty("requirementIds", requirementIds);
    }
    return problem;
  }
}
