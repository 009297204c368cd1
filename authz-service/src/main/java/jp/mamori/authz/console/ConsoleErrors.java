package jp.mamori.authz.console;

import java.util.Set;
import jp.mamori.authz.operations.RequestIds;
import jp.mamori.authz.shared.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console shows when an action fails: a refusal's title and detail (written for the person
 * who asked); for anything else — a database error, a bug — a text that names the request ID, while
 * the exception itself goes to the log with the same ID. An SQL statement, a stack frame or a
 * server's internal message never reaches the page, as on the JSON API.
 */
final class ConsoleErrors {

  private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

  /**
   * Refusals of the features not yet expressed as {@link Refusal}: their messages are written for
   * people (what was expected, what was found) and are shown as they are.
   */
  private static final Set<String> PEOPLE_FACING =
      Set.of(
          "jp.mamori.authz.stepup.StepUpGate$Needed", "jp.mamori.authz.stepup.StepUpGate$Failed");

  private ConsoleErrors() {}

  /** The text to show for {@code e}. */
  public static String text(RuntimeException e) {
    if (e instanceof Refusal refusal) {
      return refusal.title().both() + ": " + refusal.detail();
    }
    if (peopleFacing(e.getClass()) || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    String id = RequestIds.current();
    log.error("Console action failed (request {})", id, e);
    return "処理できませんでした。管理者に要求 ID "
        + id
        + " を伝えてください / the action failed; give request ID "
        + id
        + " to an administrator";
  }

  private static boolean peopleFacing(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (PEOPLE_FACING.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
