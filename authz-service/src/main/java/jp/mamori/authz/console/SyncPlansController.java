package jp.mamori.authz.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.mamori.authz.lifecycle.LifecycleQueries;
import jp.mamori.authz.lifecycle.LifecycleQueries.ChangeFilter;
import jp.mamori.authz.lifecycle.PlanDesk;
import jp.mamori.authz.lifecycle.PlanRefused;
import jp.mamori.authz.shared.Bilingual;
import jp.mamori.authz.shared.Console;
import jp.mamori.hrsync.hr.HrFileException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The sync-plan screen (LC-1, LC-2): the plans; a new plan made from the configured HR export or an
 * uploaded one (a dry run: nothing applied); a plan's changes filtered by action, section and
 * reason, 50 a page; approval of a held plan as shown (its fingerprint) with a reason; the apply
 * started in the background with its progress, the page refreshing itself while it runs; the plan
 * as CSV for the section heads who check it. Readers (administrators, auditors, the CISO) read and
 * download; only administrators make, approve and apply. Each of those is in the audit log.
 */
@Controller
@Console
class SyncPlansController {

  /** Seconds between refreshes of a plan's page while its apply runs. */
  static final int REFRESH_SECONDS = 2;

  private final LifecycleQueries plans;
  private final PlanDesk desk;
  private final ConsoleLabels labels;

  SyncPlansController(LifecycleQueries plans, PlanDesk desk, ConsoleLabels labels) {
    this.plans = plans;
    this.desk = desk;
    this.labels = labels;
  }

  @GetMapping("/admin/sync")
  String plans(
      @RequestParam Optional<Long> id,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String section,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "1") int page,
      Model model) {
    List<LifecycleQueries.Plan> listed = plans.plans(30);
    model.addAttribute("plans", listed);
    model.addAttribute("maxUploadMb", Math.max(1, desk.maxUpload() / (1024 * 1024)));
    Optional<LifecycleQueries.Plan> chosen =
        id.isPresent()
            ? plans.plan(id.get())
            : listed.stream().findFirst().map(LifecycleQueries.Plan::id).flatMap(plans::plan);
    ChangeFilter filter = new ChangeFilter(action, section, reason);
    model.addAttribute("filter", filter);
    chosen.ifPresent(p -> {
      model.addAttribute("plan", p);
      Paging paging = Paging.of(page, plans.changeCount(p.id(), filter));
      model.addAttribute("paging", paging);
      model.addAttribute("changes", plans.changes(p.id(), filter, paging.offset(), paging.size()));
      model.addAttribute("actionTypes", plans.actionTypes(p.id()));
      model.addAttribute("sections", plans.sections(p.id()));
      Optional<PlanDesk.Progress> progress = desk.progress(p.id());
      model.addAttribute("progress", progress.orElse(null));
      boolean running = progress.map(PlanDesk.Progress::running).orElse(false);
      model.addAttribute("running", running);
      model.addAttribute("refresh", running ? REFRESH_SECONDS : 0);
      model.addAttribute(
          "applicable", !running && Set.of("READY", "APPROVED", "PARTIAL").contains(p.status()));
      model.addAttribute("csvUrl", link("/admin/sync/" + p.id() + "/plan.csv", filter, 0));
      model.addAttribute("pageUrl", link("/admin/sync", filter, p.id()));
    });
    return "admin-sync";
  }

  /** The list's address with the filter, for the pages and the download. */
  static String link(String path, ChangeFilter filter, long id) {
    UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
    if (id > 0) {
      b.queryParam("id", id);
    }
    if (!filter.action().isEmpty()) {
      b.queryParam("action", filter.action());
    }
    if (!filter.section().isEmpty()) {
      b.queryParam("section", filter.section());
    }
    if (!filter.reason().isEmpty()) {
      b.queryParam("reason", filter.reason());
    }
    return b.encode(StandardCharsets.UTF_8).build().toUriString();
  }

  /** Makes a plan from the configured export or the uploaded one; nothing is applied. */
  @PostMapping("/admin/sync/plan")
  String plan(
      @RequestParam(defaultValue = "configured") String source,
      @RequestParam(required = false) MultipartFile file,
      @RequestParam(defaultValue = "") String employees,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    boolean en = Bilingual.readerChoseEnglish();
    PlanDesk.Source from;
    try {
      if ("upload".equals(source)) {
        if (file == null || file.isEmpty()) {
          redirect.addFlashAttribute(
              "error",
              en
                  ? "New plan: expected an HR export to upload; found no file. No plan was made."
                  : "計画の作成: アップロードする人事ファイルを選んでください (未選択)。計画は作成していません。");
          return "redirect:/admin/sync";
        }
        from =
            new PlanDesk.Source.Uploaded(
                file.getOriginalFilename(), file.getSize(), file.getInputStream());
      } else {
        from = new PlanDesk.Source.Configured();
      }
      PlanDesk.Made made = desk.plan(from, numbers(employees), user.getPreferredUsername());
      long id = made.plan().id();
      String status = labels.of(made.plan().status().name(), en);
      redirect.addFlashAttribute(
          "done",
          en
              ? "Plan "
                  + id
                  + " made ("
                  + status
                  + ", "
                  + made.plan().plan().changes().size()
                  + " changes). Nothing has been applied."
              : "計画 "
                  + id
                  + " を作成しました ("
                  + status
                  + "、変更 "
                  + made.plan().plan().changes().size()
                  + " 件)。まだ何も適用していません。");
      if (!made.problems().isEmpty()) {
        redirect.addFlashAttribute("problems", made.problems());
        redirect.addFlashAttribute("problemCount", made.problemCount());
      }
      return "redirect:/admin/sync?id=" + id;
    } catch (HrFileException e) {
      redirect.addFlashAttribute(
          "error", (en ? "The HR file cannot be read: " : "人事ファイルを読めません: ") + e.getMessage());
    } catch (PlanDesk.UploadRefused e) {
      redirect.addFlashAttribute("error", e.getMessage());
    } catch (IOException | RuntimeException e) {
      redirect.addFlashAttribute(
          "error",
          ConsoleErrors.text(
              e instanceof RuntimeException r
                  ? r
                  : new java.io.UncheckedIOException((IOException) e)));
    }
    return "redirect:/admin/sync";
  }

  /** Employee numbers typed separated by commas, spaces or lines; none = everyone. */
  static Set<String> numbers(String typed) {
    return Arrays.stream(typed.split("[,、\\s]+"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @PostMapping("/admin/sync/{id}/approve")
  String approve(
      @PathVariable long id,
      @RequestParam String fingerprint,
      @RequestParam(defaultValue = "") String reason,
      @AuthenticationPrincipal OidcUser user,
      RedirectAttributes redirect) {
    boolean en = Bilingual.readerChoseEnglish();
    if (reason.isBlank()) {
      redirect.addFlashAttribute(
          "error",
          en
              ? "Approval: expected a reason; found none. Nothing was approved."
              : "承認: 理由を入力してください (未入力)。承認していません。");
    } else {
      try {
        desk.approve(id, fingerprint, user.getPreferredUsername(), reason.strip());
        redirect.addFlashAttribute(
            "done",
            en
                ? "Plan " + id + " approved and recorded. It is applied by the next run (or apply)."
                : "計画 " + id + " を承認し、記録しました。次回の実行 (apply) で適用されます。");
      } catch (PlanRefused e) {
        redirect.addFlashAttribute("error", e.getMessage()); // the plan's state, for people
      } catch (RuntimeException e) {
        redirect.addFlashAttribute("error", ConsoleErrors.text(e));
      }
    }
    return "redirect:/admin/sync?id=" + id;
  }

  /** Starts applying the plan in the background; its page shows the progress. */
  @PostMapping("/admin/sync/{id}/apply")
  String apply(
      @PathVariable long id, @AuthenticationPrincipal OidcUser user, RedirectAttributes redirect) {
    boolean en = Bilingual.readerChoseEnglish();
    try {
      if (plans.plan(id).isEmpty()) {
        redirect.addFlashAttribute(
            "error", en ? "Plan " + id + " does not exist." : "計画 " + id + " はありません。");
        return "redirect:/admin/sync";
      }
      if (desk.startApply(id, user.getPreferredUsername())) {
        redirect.addFlashAttribute(
            "done",
            en
                ? "Applying plan " + id + " started; this page shows how far it got."
                : "計画 " + id + " の適用を開始しました。この画面に進み具合を表示します。");
      } else {
        redirect.addFlashAttribute(
            "error", en ? "Plan " + id + " is being applied already." : "計画 " + id + " はすでに適用中です。");
      }
    } catch (RuntimeException e) {
      redirect.addFlashAttribute("error", ConsoleErrors.text(e));
    }
    return "redirect:/admin/sync?id=" + id;
  }

  /** The plan's changes (as filtered) as CSV for Excel: UTF-8 with BOM, Japanese header. */
  @GetMapping("/admin/sync/{id}/plan.csv")
  ResponseEntity<byte[]> csv(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String section,
      @RequestParam(defaultValue = "") String reason,
      @AuthenticationPrincipal OidcUser user) {
    if (plans.plan(id).isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    ChangeFilter filter = new ChangeFilter(action, section, reason);
    List<LifecycleQueries.PlanChange> changes = plans.changes(id, filter, 0, Integer.MAX_VALUE);
    desk.exported(
        id,
        user.getPreferredUsername(),
        changes.size(),
        link("", filter, 0).replaceFirst("^\\?", ""));
    byte[] body = PlanCsv.of(changes, labels).getBytes(StandardCharsets.UTF_8);
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("同期計画-" + id + ".csv", StandardCharsets.UTF_8)
                .build()
                .toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(body);
  }
}
