package jp.mamori.authz.console;

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

  private ConsoleErrors() {}

  /** The text to show for {@code e}. */
  public static String text(RuntimeException e) {
    if (e instanceof Refusal refusal) {
      return refusal.title().both() + ": " + refusal.detail();
    }
    if (e instanceof IllegalArgumentException) {
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
}
