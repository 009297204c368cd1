package jp.mamori.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A policy document that cannot be used: missing, unreadable, not YAML, or with settings that are
 * unknown, missing or out of range. The service must not start with it, and retrying cannot help:
 * the document has to be corrected.
 *
 * <p>The message names the document on its first line and then has one line per problem ({@link
 * PolicyProblem#message()}), all problems at once, so that one round of corrections suffices:
 *
 * <pre>
 * Invalid policy /etc/mamori/policy.yaml (2 problems):
 *   lockout.maxFailures: found 0, expected an integer 1–100
 *   session.idleTimeout: found "30 minutes", expected an ISO-8601 duration PT1M–PT8H (e.g. PT15M, P90D)
 * </pre>
 *
 * <p>Policy documents hold no secrets, so values are quoted as found.
 */
public final class InvalidPolicyException extends RuntimeException {

  private final String source;
  private final List<PolicyProblem> problems;

  /**
   * @param source the document's name: a path or a class-path resource
   * @param problems at least one problem
   */
  public InvalidPolicyException(String source, List<PolicyProblem> problems) {
    this(source, problems, null);
  }

  /**
   * @param cause the exception that made the document unreadable, if any
   */
  public InvalidPolicyException(String source, List<PolicyProblem> problems, Throwable cause) {
    super(message(source, problems), cause);
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private static String message(String source, List<PolicyProblem> problems) {
    Objects.requireNonNull(source, "source");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid policy has at least one problem");
    }
    return "Invalid policy "
        + source
        + " ("
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + "):\n"
        + problems.stream().map(p -> "  " + p.message()).collect(Collectors.joining("\n"));
  }

  /** The document's name: a path or a class-path resource. */
  public String source() {
    return source;
  }

  /** Every problem found, in document order; never empty. */
  public List<PolicyProblem> problems() {
    return problems;
  }
}
