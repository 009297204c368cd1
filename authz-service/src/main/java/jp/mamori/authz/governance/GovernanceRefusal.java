package jp.mamori.authz.governance;

import jp.mamori.authz.audit.RecordedChange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A governance request (exception, sanction, inventory) that cannot be carried out as asked, with
 * what was expected; answered as an RFC 9457 problem: 403 when the person may not, 409 when the
 * state does not allow it, 400 when the input is wrong.
 */
public abstract class GovernanceRefusal extends RuntimeException {

  private final boolean conflict;
  private final boolean forbidden;
  private final String title;

  protected GovernanceRefusal(String message, boolean conflict, boolean forbidden, String title) {
    super(message);
    this.conflict = conflict;
    this.forbidden = forbidden;
    this.title = title;
  }

  /** 409 (the state does not allow it) rather than 400 (the input is wrong). */
  public boolean conflict() {
    return conflict;
  }

  /** 403: this person may not do it. */
  public boolean forbidden() {
    return forbidden;
  }

  /** The problem's title, in Japanese and English. */
  public String title() {
    return title;
  }

  /** The problem details of every governance controller. */
  @RestControllerAdvice(basePackageClasses = GovernanceRefusal.class)
  @org.springframework.core.annotation.Order(0) // before the catch-all (ApiProblems)
  static class Handler {
    @ExceptionHandler(GovernanceRefusal.class)
    ProblemDetail refused(GovernanceRefusal e) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              e.forbidden()
                  ? HttpStatus.FORBIDDEN
                  : e.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
              e.getMessage());
      problem.setTitle(e.title());
      return problem;
    }

    /**
     * A sanction's change is made in Keycloak but its record is not complete: a server fault (500)
     * that says so, so that nobody takes it for "not done" and repeats it, nor for a clean success.
     */
    @ExceptionHandler(RecordedChange.Unrecorded.class)
    ProblemDetail unrecorded(RecordedChange.Unrecorded e) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
      problem.setTitle("変更しましたが記録が完了していません / changed, but not fully recorded");
      return problem;
    }
  }
}
