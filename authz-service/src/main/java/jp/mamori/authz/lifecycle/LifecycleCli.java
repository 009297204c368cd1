package jp.mamori.authz.lifecycle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.cli.Progress;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.reconcile.PlanReport;
import jp.mamori.hrsync.reconcile.Target;
import jp.mamori.hrsync.reconcile.TargetException;

/**
 * The lifecycle run from the command line: {@code plan}, {@code approve}, {@code apply}, with a
 * readable summary (Japanese unless {@code lang=en}) and exit codes a scheduler can act on.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>0</td><td>done: plan ready or empty, approval recorded, apply complete</td></tr>
 *   <tr><td>1</td><td>the command could not run (bad arguments, unreadable HR file, a target down)</td></tr>
 *   <tr><td>2</td><td>the plan is held: a person must approve it</td></tr>
 *   <tr><td>3</td><td>apply stopped part-way: run {@code apply} again to resume</td></tr>
 * </table>
 */
@CliCommand.Names({"plan", "approve", "apply", "confirm-person"})
final class LifecycleCli implements CliCommand {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int HELD = 2;
  public static final int PARTIAL = 3;

  private final LifecycleService lifecycle;
  private final Clock clock;

  public LifecycleCli(LifecycleService lifecycle, Clock clock) {
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  @Override
  public List<String> commands() {
    return List.of("plan", "approve", "apply", "confirm-person");
  }

  @Override
  public List<String> options() {
    return List.of(
        "file", "plan-id", "fingerprint", "approver", "date", "lang", "employee", "reason");
  }

  /**
   * @param command {@code plan}, {@code approve} or {@code apply}
   * @param options {@code file}, {@code plan-id}, {@code fingerprint}, {@code approver}, {@code
   *     date} (yyyy-MM-dd, default today in Japan), {@code lang}
   */
  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    boolean ja = !"en".equals(options.get("lang"));
    try {
      LocalDate today =
          options.containsKey("date")
              ? LocalDate.parse(options.get("date"))
              : LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Tokyo"));
      return switch (command) {
        case "plan" -> {
          LifecycleService.StoredPlan plan =
              lifecycle.plan(Path.of(required(options, "file")), today);
          out.print(PlanReport.text(plan.plan(), ja ? Locale.JAPANESE : Locale.ENGLISH));
          out.println((ja ? "計画 ID: " : "Plan ID: ") + plan.id() + " (" + plan.status() + ")");
          yield plan.status() == Status.HELD ? HELD : OK;
        }
        case "approve" -> {
          long id = Long.parseLong(required(options, "plan-id"));
          lifecycle.approve(
              id,
              required(options, "fingerprint"),
              CliCommand.actor(required(options, "approver")));
          out.println(ja ? "計画 " + id + " を承認しました。" : "Plan " + id + " approved.");
          yield OK;
        }
        case "apply" -> {
          long id = Long.parseLong(required(options, "plan-id"));
          Progress progress = Progress.to(System.err, "適用 / apply", 0);
          LifecycleService.ApplyResult result =
              lifecycle.apply(id, today, progress::total, progress);
          progress.finish();
          out.println(
              ja
                  ? "計画 "
                      + id
                      + ": 今回 "
                      + result.applied()
                      + " 件適用、前回までに "
                      + result.alreadyDone()
                      + " 件、残り "
                      + result.left()
                      + " 件、計画外 "
                      + result.notInPlan().size()
                      + " 件、状態 "
                      + result.status()
                  : "Plan "
                      + id
                      + ": "
                      + result.applied()
                      + " applied now, "
                      + result.alreadyDone()
                      + " before, "
                      + result.left()
                      + " left, "
                      + result.notInPlan().size()
                      + " outside the plan, status "
                      + result.status());
          result.failure().ifPresent(f -> out.println((ja ? "中断: " : "Stopped: ") + f));
          if (result.status() == Status.PARTIAL) {
            out.println(
                ja
                    ? "残りの変更は、原因を取り除いてから同じ計画をもう一度 apply すると続きから適用されます" + " (適用済みの変更は二重に適用しません)。"
                    : "Remove the cause, then apply the same plan again: the remaining changes are"
                        + " made, those already made are not made twice.");
          }
          yield result.status() == Status.APPLIED ? OK : PARTIAL;
        }
        case "confirm-person" -> {
          String employee = required(options, "employee");
          lifecycle.confirmPerson(
              Path.of(required(options, "file")),
              employee,
              CliCommand.actor(required(options, "approver")),
              required(options, "reason"));
          out.println(
              ja
                  ? "職員番号 " + employee + " を同一人物として記録しました。次の計画で復元・作成されます。"
                  : "Employee number "
                      + employee
                      + " recorded as the same person; the next plan restores or creates the"
                      + " account.");
          yield OK;
        }
        default -> {
          out.println(
              (ja ? "不明なコマンド: " : "Unknown command: ")
                  + command
                  + (ja
                      ? " (plan, approve, apply, confirm-person のいずれか)"
                      : " (expected plan, approve, apply or confirm-person)"));
          yield FAILED;
        }
      };
    } catch (HrFileException e) {
      out.println((ja ? "人事ファイルを読めません: " : "Cannot read the HR file: ") + e.getMessage());
      return FAILED;
    } catch (TargetException e) {
      if (e.target() != Target.DIRECTORY) {
        return cannotRun(e, ja, out);
      }
      // a directory failure that reaches here comes from a read before any change (plan, or apply
      // checking the plan against the targets); Keycloak's is reported as any other failure
      out.println(
          (ja
                  ? "ディレクトリ (LDAP/AD) を読めないため中止しました。この実行では何も変更していません: "
                  : "Stopped: the directory (LDAP/AD) could not be read; this run changed nothing: ")
              + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      return cannotRun(e, ja, out);
    }
  }

  private static int cannotRun(RuntimeException e, boolean ja, PrintStream out) {
    out.println((ja ? "実行できません: " : "Cannot run: ") + e.getMessage());
    return FAILED;
  }

  private String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "--mamori.cli." + name + ": expected a value, found none (commands: " + commands() + ")");
    }
    return value;
  }
}
