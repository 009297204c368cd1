package jp.mamori.authz.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.audit.AuditExport;
import jp.mamori.authz.audit.AuditLog;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.cli.Progress;

/**
 * {@code --mamori.cli.command=report --mamori.cli.report=ID|all --mamori.cli.file=PATH
 * [--mamori.cli.format=csv|pdf] [--mamori.cli.encoding=UTF-8|CP932] --mamori.cli.actor=NAME}: one
 * report, or every report of the catalogue into a folder (the month's evidence for the audit), as
 * the console makes them (GV-6); each run recorded in the audit log with the actor. Progress of
 * {@code all} on standard error. Exit 0 done, 2 wrong arguments, 4 a report could not be written
 * (the others are written).
 */
final class ReportCli implements CliCommand {

  static final int OK = 0;
  static final int USAGE = 2;
  static final int FAILED = 4;

  private final Reports reports;
  private final ReportRenderer renderer;
  private final AuditLog audit;
  private final PrintStream progressOut;

  ReportCli(Reports reports, ReportRenderer renderer, AuditLog audit, PrintStream progressOut) {
    this.reports = reports;
    this.renderer = renderer;
    this.audit = audit;
    this.progressOut = progressOut;
  }

  @Override
  public List<String> commands() {
    return List.of("report");
  }

  @Override
  public List<String> options() {
    return List.of("report", "file", "format", "encoding", "actor", "lang");
  }

  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    boolean en = "en".equals(options.get("lang"));
    String id = options.getOrDefault("report", "");
    String format = options.getOrDefault("format", "csv");
    String file = options.get("file");
    String actor = options.get("actor");
    Charset charset;
    try {
      charset = AuditExport.charset(options.getOrDefault("encoding", "UTF-8"));
    } catch (IllegalArgumentException e) {
      out.println((en ? "Cannot run: " : "実行できません: ") + e.getMessage());
      return USAGE;
    }
    List<String> problems = new ArrayList<>();
    if (!id.equals("all") && !Reports.CATALOGUE.containsKey(id)) {
      problems.add(
          "--mamori.cli.report: expected all or one of "
              + Reports.CATALOGUE.keySet()
              + "; found "
              + (id.isEmpty() ? "none" : id));
    }
    if (!format.equals("csv") && !format.equals("pdf")) {
      problems.add("--mamori.cli.format: expected csv or pdf; found " + format);
    }
    if (file == null || file.isBlank()) {
      problems.add(
          "--mamori.cli.file: expected "
              + (id.equals("all") ? "a folder" : "a file")
              + " to write; found none");
    }
    if (actor == null || actor.isBlank()) {
      problems.add(
          "--mamori.cli.actor: expected who makes the report (recorded in the audit log); found"
              + " none");
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> out.println((en ? "Cannot run: " : "実行できません: ") + p));
      return USAGE;
    }
    List<String> ids = id.equals("all") ? List.copyOf(Reports.CATALOGUE.keySet()) : List.of(id);
    Progress progress = Progress.to(progressOut, "報告書 / reports", ids.size());
    int failed = 0;
    for (String one : ids) {
      Path target =
          id.equals("all") ? Path.of(file).resolve("mamori-" + one + "." + format) : Path.of(file);
      try {
        if (target.getParent() != null) {
          Files.createDirectories(target.getParent());
        }
        Report r = reports.generate(one);
        byte[] bytes = format.equals("pdf") ? renderer.pdf(r, en) : renderer.csv(r, en, charset);
        Files.write(
            target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE); // never over
        ReportController.record(audit, CliCommand.actor(actor), r, format + "-cli");
        out.println(
            (en ? "Written: " : "作成しました: ")
                + target
                + " ("
                + r.rows().size()
                + (en ? " rows)" : " 行)"));
      } catch (IOException | RuntimeException e) {
        failed++;
        out.println(
            (en ? "Not written: " : "作成できません: ")
                + target
                + ": "
                + (e instanceof java.nio.file.FileAlreadyExistsException
                    ? (en ? "the file exists (not overwritten)" : "ファイルが既にあります (上書きしません)")
                    : e.getMessage()));
      }
      progress.accept(1);
    }
    progress.finish();
    return failed == 0 ? OK : FAILED;
  }
}
