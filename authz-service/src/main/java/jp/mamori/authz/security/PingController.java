package jp.mamori.authz.security;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ping}: the cheapest authenticated call, for an API client to check its token (401
 * if it is not accepted) — and the baseline of the access-decision benchmark, which compares the
 * decision with this endpoint behind the same JWT validation.
 */
@RestController
class PingController {

  /** The answer to a ping: always {@code {"ok": true}}. */
  record Pong(boolean ok) {}

  private static final Pong OK = new Pong(true);

  @GetMapping("/api/ping")
  Pong ping() {
    return OK;
  }

  /**
   * The same answer for a POST, whose body is read and ignored: any JSON object of string members
   * (as before — the body is still bound as such a map, so that what was refused stays refused).
   */
  @PostMapping("/api/ping")
  Pong ping(@RequestBody Map<String, String> ignored) {
    return OK;
  }
}
