package jp.mamori.authz.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.mamori.authz.audit.AuditChain;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.HrRowProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's desk for the lifecycle run (LC-1, LC-2): a plan made by a person from the
 * configured HR export or from an export they upload (a dry run: nothing applied), an apply started
 * by a person and run in the background with its progress to show, and the download of a plan for
 * checking. Planning, approval and applying are {@link LifecycleService}'s; this adds who did it
 * (the audit log) and the progress.
 *
 * <p>Progress is kept by the instance running the apply; the changes journalled as made (which
 * every instance sees) are shown beside it. Two applies of one plan at once are refused on this
 * instance.
 */
public class PlanDesk {

  private static final Logger log = LoggerFactory.getLogger(PlanDesk.class);
  private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  /** Where the plan's HR file came from. */
  public sealed interface Source {
    /** The export configured as {@code mamori.hr.file} (or the bundled sample when none is). */
    record Configured() implements Source {}

    /** An export a person uploaded; {@code name} as their browser named it. */
    record Uploaded(String name, long size, InputStream content) implements Source {}
  }

  /** The upload is larger than allowed, empty, or has no name. */
  public static final class UploadRefused extends IllegalArgumentException {
    UploadRefused(String message) {
      super(message);
    }
  }

  /**
   * An apply started here, as far as it got.
   *
   * @param total the changes to make now (known once the plan is checked against the targets; -1
   *     before)
   * @param made those made so far
   * @param result the apply's result once finished
   * @param failure why it could not run (the HR file unreadable, the plan's state), once finished
   */
  public record Progress(
      long planId,
      String startedBy,
      Instant startedAt,
      long total,
      long made,
      boolean running,
      Optional<LifecycleService.ApplyResult> result,
      Optional<String> failure) {}

  /**
   * A plan made, with the rows of the file rejected (they cause no change; the first {@link
   * #PROBLEMS_SHOWN}), each naming the file as the person knows it, the line and the column.
   */
  public record Made(LifecycleService.StoredPlan plan, List<Problem> problems, int problemCount) {}

  /**
   * One rejected value: file, line, column and what was expected (no value: it may be personal).
   */
  public record Problem(String file, long line, String column, String expected) {}

  static final int PROBLEMS_SHOWN = 100;

  private final LifecycleService lifecycle;
  private final HrCsvReader reader;
  private final AuditLog audit;
  private final Clock clock;
  private final Path configured;
  private final Path uploads;
  private final long maxUpload;
  private final Map<Long, Progress> progress = new ConcurrentHashMap<>();

  /**
   * @param configured the HR export the daily run reads
   * @param uploads where uploaded exports are kept (a plan is applied from its stored file)
   * @param maxUpload the largest upload accepted, in bytes
   */
  public PlanDesk(
      LifecycleService lifecycle,
      HrCsvReader reader,
      AuditLog audit,
      Clock clock,
      Path configured,
      Path uploads,
      long maxUpload) {
    this.lifecycle = lifecycle;
    this.reader = reader;
    this.audit = audit;
    this.clock = clock;
    this.configured = configured;
    this.uploads = uploads;
    this.maxUpload = maxUpload;
  }

  /** The largest upload accepted, in bytes. */
  public long maxUpload() {
    return maxUpload;
  }

  /**
   * Makes a plan (nothing is applied) and records who made it from which file.
   *
   * @param employees the employee numbers to plan for; empty for everyone
   * @throws HrFileException the file cannot be read (its message names the file, line and field; an
   *     uploaded file is named as uploaded)
   * @throws UploadRefused the upload is empty or too large
   */
  public Made plan(Source source, Set<String> employees, String by) throws HrFileException {
    Path file;
    String name;
    switch (source) {
      case Source.Configured c -> {
        file = configured;
        name = configured.getFileName().toString();
      }
      case Source.Uploaded u -> {
        name = u.name() == null || u.name().isBlank() ? "upload.csv" : u.name().strip();
        file = store(name, u);
      }
    }
    Scope scope = Scope.of(employees);
    LifecycleService.StoredPlan plan;
    try {
      plan =
          lifecycle.plan(
              file,
              today(),
              scope,
              Optional.of(
                  new LifecycleService.Maker(by, source instanceof Source.Uploaded ? name : null)));
    } catch (HrFileException e) {
      if (source instanceof Source.Uploaded) {
        deleteQuietly(file);
        String message = e.getMessage();
        String prefix = e.file() + ": ";
        message = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        throw new HrFileException(
            Path.of(name.replace('/', '_').replace('\\', '_')),
            message.replace(file.toString(), name).replace(file.getFileName().toString(), name),
            e);
      }
      throw e;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plan", plan.id());
    fields.put("source", source instanceof Source.Uploaded ? "upload" : "configured");
    fields.put("file", name);
    fields.put("status", plan.status().name());
    fields.put("changes", plan.plan().changes().size());
    fields.put("fingerprint", plan.plan().fingerprint());
    fields.put("scope", scope.isEveryone() ? "" : String.join(",", new TreeSet<>(employees)));
    audit.append(
        new AuditChain.Entry(
            "SYNC_PLAN_MADE", by, "lifecycle-plan/" + plan.id(), AuditLog.detail(fields), "LC-1"));
    log.info("Lifecycle plan {} made by {} from {}", plan.id(), by, name);
    List<Problem> problems = new ArrayList<>();
    int count = 0;
    if (plan.plan().rejectedRows() > 0) {
      List<HrRowProblem> found = reader.read(file).problems();
      count = found.size();
      for (HrRowProblem p : found.subList(0, Math.min(PROBLEMS_SHOWN, found.size()))) {
        problems.add(new Problem(name, p.line(), p.column(), p.expected()));
      }
    }
    return new Made(plan, problems, count);
  }

  private Path store(String name, Source.Uploaded upload) {
    if (upload.size() <= 0) {
      throw new UploadRefused(
          name + ": expected an HR export (CSV); found an empty file / 空のファイルです");
    }
    if (upload.size() > maxUpload) {
      throw new UploadRefused(
          name
              + ": expected at most "
              + maxUpload
              + " bytes; found "
              + upload.size()
              + " / ファイルが大きすぎます (上限 "
              + maxUpload
              + " バイト)");
    }
    try {
      Files.createDirectories(uploads);
      Path file = uploads.resolve("hr-upload-" + UUID.randomUUID() + "-" + safe(name));
      try (InputStream in = upload.content()) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (Files.size(file) > maxUpload) { // the size the browser declared is not trusted
        deleteQuietly(file);
        throw new UploadRefused(name + ": expected at most " + maxUpload + " bytes / ファイルが大きすぎます");
      }
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("storing the uploaded HR export in " + uploads, e);
    }
  }

  /** A file name of letters, digits, '.', '-' and '_' only, at most 80 characters. */
  static String safe(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1);
    String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "_");
    if (cleaned.isBlank() || cleaned.chars().allMatch(c -> c == '.')) {
      cleaned = "upload.csv";
    }
    return cleaned.length() <= 80 ? cleaned : cleaned.substring(cleaned.length() - 80);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete the refused upload {}: {}", file, e.toString());
    }
  }

  /**
   * Starts applying a plan in the background, recorded as started by {@code by}.
   *
   * @return false if an apply of this plan is already running here
   */
  public boolean startApply(long planId, String by) {
    Progress started =
        new Progress(planId, by, clock.instant(), -1, 0, true, Optional.empty(), Optional.empty());
    if (progress.compute(planId, (id, p) -> p != null && p.running() ? p : started) != started) {
      return false;
    }
    audit.append(
        new AuditChain.Entry(
            "SYNC_PLAN_APPLY_STARTED",
            by,
            "lifecycle-plan/" + planId,
            AuditLog.detail(Map.of("plan", planId)),
            "LC-1"));
    Thread.ofVirtual().name("plan-apply-" + planId).start(() -> run(planId, by));
    return true;
  }

  private void run(long planId, String by) {
    AtomicLong made = new AtomicLong();
    Optional<LifecycleService.ApplyResult> result = Optional.empty();
    Optional<String> failure = Optional.empty();
    try {
      result =
          Optional.of(
              lifecycle.apply(
                  planId,
                  today(),
                  total -> progress.computeIfPresent(planId, (id, p) -> with(p, total, p.made())),
                  n ->
                      progress.computeIfPresent(
                          planId, (id, p) -> with(p, p.total(), made.addAndGet(n)))));
    } catch (HrFileException | RuntimeException e) {
      failure = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      log.error("Applying plan {} (started by {}) failed: {}", planId, by, e.toString());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plan", planId);
    result.ifPresent(r -> {
      fields.put("status", r.status().name());
      fields.put("applied", r.applied());
      fields.put("left", r.left());
      r.failure().ifPresent(f -> fields.put("stoppedAt", f));
    });
    failure.ifPresent(f -> fields.put("failure", f));
    try {
      audit.append(
          new AuditChain.Entry(
              "SYNC_PLAN_APPLY_FINISHED",
              by,
              "lifecycle-plan/" + planId,
              AuditLog.detail(fields),
              "LC-1"));
    } finally {
      Optional<LifecycleService.ApplyResult> r = result;
      Optional<String> f = failure;
      progress.computeIfPresent(
          planId,
          (id, p) ->
              new Progress(id, p.startedBy(), p.startedAt(), p.total(), made.get(), false, r, f));
    }
  }

  private static Progress with(Progress p, long total, long made) {
    return new Progress(
        p.planId(),
        p.startedBy(),
        p.startedAt(),
        total,
        made,
        p.running(),
        p.result(),
        p.failure());
  }

  /** The apply of this plan started on this instance, if any (the latest, running or finished). */
  public Optional<Progress> progress(long planId) {
    return Optional.ofNullable(progress.get(planId));
  }

  /** Records that {@code by} downloaded {@code rows} changes of a plan (personal data leaves). */
  public void exported(long planId, String by, int rows, String filter) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plan", planId);
    fields.put("rows", rows);
    fields.put("filter", filter);
    audit.append(
        new AuditChain.Entry(
            "SYNC_PLAN_EXPORTED", by, "lifecycle-plan/" + planId, AuditLog.detail(fields), "LC-2"));
  }

  /** Approves a held plan as shown (its fingerprint) with a reason: {@link LifecycleService}. */
  public void approve(long planId, String fingerprint, String by, String reason) {
    lifecycle.approve(planId, new PlanApproval(fingerprint).fingerprint(), by, reason);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZONE);
  }
}
