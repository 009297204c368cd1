package jp.mamori.authz.report;

import java.nio.charset.Charset;
import jp.mamori.authz.audit.AuditExport;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Console;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reports and the compliance matrix in the web console (GV-6): a list, one report as a table
 * with its scope and the requirements each row evidences, and the same report as CSV (UTF-8 or
 * CP932 for Excel) or as a printable PDF. Each run is recorded in the audit log.
 */
@Controller
@Console
class ReportConsoleController {

  private final Reports reports;
  private final ReportRenderer renderer;
  private final AuditLog audit;

  ReportConsoleController(Reports reports, ReportRenderer renderer, AuditLog audit) {
    this.reports = reports;
    this.renderer = renderer;
    this.audit = audit;
  }

  @GetMapping("/admin/reports")
  String list(Model model) {
    model.addAttribute("en", Bilingual.readerChoseEnglish());
    model.addAttribute("catalogue", Reports.CATALOGUE);
    return "admin-reports";
  }

  @GetMapping("/admin/reports/{id}")
  String show(@PathVariable String id, Model model, @AuthenticationPrincipal OidcUser user) {
    if (!Reports.CATALOGUE.containsKey(id)) {
      return "redirect:/admin/reports";
    }
    Report r = reports.generate(id);
    ReportController.record(audit, user.getPreferredUsername(), r, "html");
    model.addAttribute("en", Bilingual.readerChoseEnglish());
    model.addAttribute("report", r);
    return "admin-report";
  }

  @GetMapping("/admin/reports/{id}/csv")
  ResponseEntity<byte[]> csv(
      @PathVariable String id,
      @RequestParam(defaultValue = "UTF-8") String encoding,
      @AuthenticationPrincipal OidcUser user) {
    Charset charset = AuditExport.charset(encoding);
    Report r = reports.generate(known(id));
    ReportController.record(audit, user.getPreferredUsername(), r, "csv");
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", charset))
        .header("Content-Disposition", "attachment; filename=\"mamori-" + id + ".csv\"")
        .body(renderer.csv(r, Bilingual.readerChoseEnglish(), charset));
  }

  @GetMapping("/admin/reports/{id}/pdf")
  ResponseEntity<byte[]> pdf(@PathVariable String id, @AuthenticationPrincipal OidcUser user) {
    renderer.fontFile();
    Report r = reports.generate(known(id));
    ReportController.record(audit, user.getPreferredUsername(), r, "pdf");
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header("Content-Disposition", "inline; filename=\"mamori-" + id + ".pdf\"")
        .body(renderer.pdf(r, Bilingual.readerChoseEnglish()));
  }

  private static String known(String id) {
    if (!Reports.CATALOGUE.containsKey(id)) {
      throw new IllegalArgumentException(
          "report: expected one of " + Reports.CATALOGUE.keySet() + "; found " + id);
    }
    return id;
  }

  /** An unknown report or encoding: 400 naming what was expected, not an error page. */
  @org.springframework.web.bind.annotation.ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<String> invalid(IllegalArgumentException e) {
    return ResponseEntity.badRequest()
        .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
        .body("報告書: 指定が正しくありません / report: invalid request — " + e.getMessage());
  }

  /** No Japanese font for the PDF: 503 with what to install. */
  @org.springframework.web.bind.annotation.ExceptionHandler(ReportRenderer.NoFont.class)
  ResponseEntity<String> noFont(ReportRenderer.NoFont e) {
    return ResponseEntity.status(503)
        .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
        .body("PDF を作成できません (日本語フォントなし) / no PDF: " + e.getMessage());
  }
}
