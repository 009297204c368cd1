package jp.mamori.authz.report;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditChain.Entry;
import jp.mamori.authz.audit.AuditExport;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Refusal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reports over the JSON API (GV-6) for administrators, auditors and the CISO: as JSON, as CSV
 * ({@code encoding=CP932} for Excel) and as PDF; {@code lang=en} for English. Each run is recorded
 * in the audit log (who ran which report, how many rows).
 */
@RestController
@RequestMapping("/api/reports")
class ReportController {

  private final Reports reports;
  private final ReportRenderer renderer;
  private final AuditLog audit;

  ReportController(Reports reports, ReportRenderer renderer, AuditLog audit) {
    this.reports = reports;
    this.renderer = renderer;
    this.audit = audit;
  }

  @GetMapping
  List<ReportListing> catalogue() {
    return Reports.CATALOGUE.entrySet().stream()
        .map(e -> new ReportListing(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  @GetMapping("/{id}")
  ReportDocument json(@PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
    return ReportDocument.of(run(id, jwt, "json"));
  }

  @GetMapping(value = "/{id}.csv", produces = "text/csv")
  ResponseEntity<byte[]> csv(
      @PathVariable String id,
      @RequestParam(defaultValue = "ja") String lang,
      @RequestParam(defaultValue = "UTF-8") String encoding,
      @AuthenticationPrincipal Jwt jwt) {
    Charset charset = charset(encoding);
    Report r = run(id, jwt, "csv");
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", charset))
        .header("Content-Disposition", "attachment; filename=\"mamori-" + id + ".csv\"")
        .body(renderer.csv(r, "en".equals(lang), charset));
  }

  @GetMapping(value = "/{id}.pdf", produces = "application/pdf")
  ResponseEntity<byte[]> pdf(
      @PathVariable String id,
      @RequestParam(defaultValue = "ja") String lang,
      @AuthenticationPrincipal Jwt jwt) {
    renderer.fontFile(); // before the run: no font, no PDF
    Report r = run(id, jwt, "pdf");
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header("Content-Disposition", "inline; filename=\"mamori-" + id + ".pdf\"")
        .body(renderer.pdf(r, "en".equals(lang)));
  }

  private Report run(String id, Jwt jwt, String format) {
    Report r = reports.generate(known(id));
    record(audit, jwt.getClaimAsString("preferred_username"), r, format);
    return r;
  }

  /** Records a report run (GV-6): who, which report, in what form, how many rows. */
  static void record(AuditLog audit, String actor, Report r, String format) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("report", r.id());
    fields.put("format", format);
    fields.put("rows", r.rows().size());
    audit.append(
        new Entry(
            "REPORT_GENERATED",
            actor,
            "report/" + r.id(),
            AuditLog.detail(fields),
            String.join(",", r.requirementIds()) + ",GV-6"));
  }

  /** The report asked for is one of the catalogue's. */
  static String known(String id) {
    if (!Reports.CATALOGUE.containsKey(id)) {
      throw new Invalid("report: expected one of " + Reports.CATALOGUE.keySet() + "; found " + id);
    }
    return id;
  }

  static Charset charset(String encoding) {
    try {
      return AuditExport.charset(encoding);
    } catch (IllegalArgumentException e) { // names what was expected and what was found
      throw new Invalid(e.getMessage());
    }
  }

  /** A report asked for that does not exist, or in a form that is not offered (400). */
  static final class Invalid extends Refusal {
    private static final long serialVersionUID = 1L;

    Invalid(String detail) {
      super(
          Fault.INVALID,
          "REPORT_INVALID",
          new Bilingual("報告書: 指定が正しくありません", "report: invalid request"),
          detail);
    }
  }
}
