package jp.mamori.authz.lifecycle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.mamori.authz.settings.HrSample;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import jp.mamori.hrsync.hr.HrFileException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The lifecycle run over the JSON API, for administrators ({@code mamori-admin} realm role): plan
 * (dry run), read a plan, approve a held plan by its fingerprint (the approver is the token's
 * user), apply. Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/api/lifecycle/plans")
class LifecycleController {

  private final LifecycleService lifecycle;
  private final MamoriSettings settings;
  private final LifecycleQueries plans;
  private final Clock clock;

  LifecycleController(
      LifecycleService lifecycle, MamoriSettings settings, LifecycleQueries plans, Clock clock) {
    this.lifecycle = lifecycle;
    this.settings = settings;
    this.plans = plans;
    this.clock = clock;
  }

  @PostMapping
  ResponseEntity<PlanMade> plan() {
    Path file = settings.hr().file() != null ? settings.hr().file() : HrSample.file();
    LifecycleService.StoredPlan plan;
    try {
      plan = lifecycle.plan(file, today());
    } catch (HrFileException e) {
      throw new HrFileUnreadable(e);
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            new PlanMade(
                plan.id(),
                plan.status().name(),
                plan.plan().fingerprint(),
                plan.plan().changes().size()));
  }

  /** The stored plan as made (its JSON report) and its current status. */
  @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  String get(@PathVariable long id) {
    LifecycleQueries.Report report =
        plans.report(id).orElseThrow(() -> new LifecycleService.NoSuchPlan(id));
    // status is one of the Status names and the report was written by PlanReport.json
    return "{\"id\":"
        + id
        + ",\"status\":\""
        + report.status()
        + "\",\"plan\":"
        + report.json()
        + "}";
  }

  @PostMapping("/{id}/approve")
  PlanApproved approve(
      @PathVariable long id, @RequestBody PlanApproval body, @AuthenticationPrincipal Jwt jwt) {
    String approver = jwt.getClaimAsString("preferred_username");
    lifecycle.approve(id, body.fingerprint(), approver);
    return new PlanApproved(id, "APPROVED", approver);
  }

  @PostMapping("/{id}/apply")
  PlanApplied apply(@PathVariable long id) {
    try {
      return PlanApplied.of(id, lifecycle.apply(id, today()));
    } catch (HrFileException e) {
      throw new HrFileUnreadable(e);
    }
  }

  /** The HR file cannot be read (422): the file's exception names the file, line and field. */
  static final class HrFileUnreadable extends Refusal {
    private static final long serialVersionUID = 1L;

    HrFileUnreadable(HrFileException e) {
      super(
          Fault.UNPROCESSABLE,
          "HR_FILE_UNREADABLE",
          new Bilingual("人事ファイルを読めません", "the HR file cannot be read"),
          e.getMessage(),
          e);
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Tokyo"));
  }
}
