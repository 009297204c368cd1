package jp.mamori.authz.privileged;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.cli.CliCommand;

/**
 * Rotates the password of every directory privileged ID nobody holds, now (PR-4): after a suspected
 * leak, or after Mamori's database was restored from a backup (docs/operations.md, backup and
 * restore). Each rotation is recorded with who ran it and why; an ID held by a checkout is rotated
 * at its check-in and listed.
 *
 * <p>Command line: {@code --mamori.cli.command=privileged-rotate-all --mamori.cli.actor="情報システム課
 * 田中" --mamori.cli.reason="バックアップからの復元 (2027-04-02)"}. Exit code 0 when every ID was rotated, 2
 * when some are held by a checkout (rotated at their check-in) or in use this moment (run again), 3
 * when some failed (alerted, listed), 1 on a missing option.
 */
@CliCommand.Names("privileged-rotate-all")
final class PrivilegedRotateCli implements CliCommand {

  private final PrivilegedAccess access;

  public PrivilegedRotateCli(PrivilegedAccess access) {
    this.access = access;
  }

  @Override
  public List<String> commands() {
    return List.of("privileged-rotate-all");
  }

  @Override
  public List<String> options() {
    return List.of("actor", "reason", "lang");
  }

  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    boolean ja = !"en".equals(options.get("lang"));
    String actor = options.get("actor");
    String reason = options.get("reason");
    if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
      out.println(
          ja
              ? "--mamori.cli.actor (実施者) と --mamori.cli.reason (理由) を指定してください"
              : "expected --mamori.cli.actor (who rotates) and --mamori.cli.reason (why)");
      return 1;
    }
    Map<String, PrivilegedAccess.Rotation> outcomes =
        access.rotateAllNow(CliCommand.actor(actor), reason);
    List<String> rotated = new ArrayList<>();
    List<String> held = new ArrayList<>();
    List<String> busy = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    outcomes.forEach((id, outcome) -> {
      switch (outcome) {
        case PrivilegedAccess.Rotation.Rotated r -> rotated.add(id);
        case PrivilegedAccess.Rotation.Held h -> held.add(id);
        case PrivilegedAccess.Rotation.Skipped s -> busy.add(id);
        case PrivilegedAccess.Rotation.Failed f -> failed.add(id + ": " + f.why());
      }
    });
    out.println(
        (ja ? "パスワードを変更しました: " : "Rotated: ") + rotated.size() + (ja ? " 件 " : " ") + rotated);
    if (!held.isEmpty()) {
      out.println(
          (ja ? "貸出中のため返却時に変更されます: " : "Held by a checkout, rotated at its check-in: ")
              + held.size()
              + (ja ? " 件 " : " ")
              + held
              + (ja ? " (直ちに必要なら貸出を終了してください)" : " (end the checkout if it must be now)"));
    }
    if (!busy.isEmpty()) {
      out.println(
          (ja
                  ? "他の処理が使用中のため変更していません (再実行してください): "
                  : "In use by another operation, not rotated (run again): ")
              + busy.size()
              + (ja ? " 件 " : " ")
              + busy);
    }
    if (!failed.isEmpty()) {
      out.println((ja ? "失敗 (警告を登録しました): " : "Failed (alert raised): ") + failed.size());
      failed.forEach(f -> out.println("  " + f));
      return 3;
    }
    return held.isEmpty() && busy.isEmpty() ? 0 : 2;
  }
}
