package jp.mamori.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The policy document cannot be used. The message has one line per problem, naming the key, the
 * value found and what is allowed, so that the service's refusal to start says what to fix.
 */
public final class InvalidPolicyException extends RuntimeException {

  private final String source;
  private final List<PolicyProblem> problems;

  public InvalidPolicyException(String source, List<PolicyProblem> problems) {
    super(
        "Invalid policy "
            + source
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n"
            + problems.stream().map(p -> "  " + p.message()).collect(Collectors.joining("\n")));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The document's name: a path or a class-path resource. */
  public String source() {
    return source;
  }

  public List<PolicyProblem> problems() {
    return problems;
  }
}
