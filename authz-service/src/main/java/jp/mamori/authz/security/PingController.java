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

  private static final Map<String, Object> OK = Map.of("ok", true);

  @GetMapping("/api/ping")
  Map<String, Object> ping() {
    return OK;
  }

  @PostMapping("/api/ping")
  Map<String, Object> ping(@RequestBody Map<String, String> ignored) {
    return OK;
  }
}
