package jp.mamori.authz.revocation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.hrsync.hr.HrFileException;

/**
 * The emergency revocation and the urgent leavers from the command line.
 *
 * <ul>
 *   <li>{@code --mamori.cli.command=revoke --mamori.cli.username=62001 --mamori.cli.actor="情報政策課
 *       田中" --mamori.cli.reason="懲戒免職 (2027-04-02 付)"}: the person stopped everywhere at once
 *       ({@link Revocations}). Exit code 0 when every step was done, 3 when some failed (listed,
 *       alerted), 1 on a missing option.
 *   <li>{@code --mamori.cli.command=urgent-leavers --mamori.cli.file=/path/urgent.csv
 *       --mamori.cli.actor=… --mamori.cli.reason=…}: the leaver rows of an HR file in the daily
 *       export's layout stopped now ({@link UrgentLeavers}). Exit code 0 when applied (or nothing
 *       to stop), 2 when refused (the file would change more than stops; nothing applied), 3 when
 *       the apply stopped part-way, 1 on a missing option or an unreadable file.
 * </ul>
 */
@CliCommand.Names({"revoke", "urgent-leavers"})
final class RevocationCli implements CliCommand {

  private final Revocations revocations;
  private final UrgentLeavers urgent;

  public RevocationCli(Revocations revocations, UrgentLeavers urgent) {
    this.revocations = revocations;
    this.urgent = urgent;
  }

  @Override
  public List<String> commands() {
    return List.of("revoke", "urgent-leavers");
  }

  @Override
  public List<String> options() {
    return List.of("username", "file", "actor", "reason", "lang");
  }

  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    boolean ja = !"en".equals(options.get("lang"));
    String actor = options.get("actor");
    String reason = options.get("reason");
    String what = command.equals("revoke") ? "username" : "file";
    String subject = options.get(what);
    if (blank(actor) || blank(reason) || blank(subject)) {
      out.println(
          ja
              ? "--mamori.cli."
                  + what
                  + " と --mamori.cli.actor (実施者) と --mamori.cli.reason (理由) を指定してください"
              : "expected --mamori.cli."
                  + what
                  + ", --mamori.cli.actor (who) and --mamori.cli.reason (why)");
      return 1;
    }
    try {
      return command.equals("revoke")
          ? revoke(CliCommand.actor(actor), subject, reason, ja, out)
          : urgent(CliCommand.actor(actor), Path.of(subject), reason, ja, out);
    } catch (Revocations.Refused e) {
      out.println((ja ? "実行できません: " : "refused: ") + e.getMessage());
      return 2;
    } catch (HrFileException e) {
      out.println((ja ? "人事ファイルを読めません: " : "cannot read the HR file: ") + e.getMessage());
      return 1;
    }
  }

  private int revoke(String actor, String username, String reason, boolean ja, PrintStream out) {
    Revocations.Outcome o = revocations.revoke(actor, username, reason);
    out.println(
        (ja ? "緊急停止 " : "revoked ")
            + o.username()
            + ": Keycloak "
            + (o.keycloak() ? "停止 / stopped" : "—")
            + o.sanction().map(s -> " (処分 / sanction #" + s + ")").orElse("")
            + ", "
            + (ja ? "ディレクトリ " : "directory ")
            + (o.directory() ? "停止 / stopped" : "—")
            + ", "
            + (ja ? "特権ID貸出の返却 " : "checkouts checked in ")
            + o.checkedIn().size()
            + ", "
            + (ja ? "申請の取消 " : "requests cancelled ")
            + o.cancelled().size()
            + ", "
            + (ja ? "本人確認キーの失効 " : "step-up keys retired ")
            + o.keysRevoked().size());
    for (String failure : o.failures()) {
      out.println((ja ? "  失敗: " : "  failed: ") + failure);
    }
    return o.complete() ? 0 : 3;
  }

  private int urgent(String actor, Path file, String reason, boolean ja, PrintStream out)
      throws HrFileException {
    UrgentLeavers.Applied a = urgent.apply(file, actor, reason);
    out.println(
        (ja ? "緊急の退職者 " : "urgent leavers ")
            + a.people()
            + (ja ? ": 計画 #" : ": plan #")
            + a.planId()
            + " "
            + a.status()
            + ", "
            + a.stops().size()
            + (ja ? " 件の停止" : " stops"));
    a.stops().forEach(s -> out.println("  " + s));
    for (String failure : a.failures()) {
      out.println((ja ? "  失敗: " : "  failed: ") + failure);
    }
    return a.failures().isEmpty() ? 0 : 3;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
