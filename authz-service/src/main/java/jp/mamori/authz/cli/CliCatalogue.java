package jp.mamori.authz.cli;

import java.util.List;
import java.util.Optional;
import jp.mamori.authz.shared.Bilingual;

/**
 * Every command of the command line with its help (Japanese first, then English), as the launcher
 * {@code bin/mamori} shows it: {@code mamori --help} lists them, {@code mamori <command> --help}
 * shows one. The commands themselves are the features' {@link CliCommand} beans; a test holds this
 * list to them (the same names, the same options).
 */
public final class CliCatalogue {

  private CliCatalogue() {}

  /**
   * One option, typed {@code --name value} (or {@code --name=value}) after the command.
   *
   * @param value what the value is, e.g. {@code <file>}
   * @param text what the option does, in both languages
   */
  public record Option(String name, String value, Bilingual text) {}

  /**
   * One command.
   *
   * @param command its name for {@code --mamori.cli.command}
   * @param typed how it is typed after {@code mamori} (e.g. {@code audit verify})
   * @param text what it does, in both languages (the overview shows the first sentence of each)
   * @param needs what it starts or contacts, in a few words (Japanese / English)
   */
  public record Entry(
      String command, String typed, Bilingual text, String needs, List<Option> options) {}

  private static final Option LANG =
      new Option(
          "lang", "ja|en", new Bilingual("出力の言語 (既定 ja)", "language of the output (default ja)"));

  /** The launcher's own command: the service (the default when no command is given). */
  public static final String SERVE = "serve";

  public static final List<Entry> COMMANDS =
      List.of(
          new Entry(
              "check-hr",
              "check-hr",
              new Bilingual(
                  "人事データのファイルをレイアウト定義で読み、同期が読み取る内容と問題のある行を表示します (何も変更しません)。終了コード 0 問題なし、1"
                      + " 問題のある行あり、2 読めない。",
                  "Reads an HR export with its layout profile and prints what the sync would read and"
                      + " the rows with problems (changes nothing). Exit 0 fine, 1 rows with problems, 2"
                      + " unreadable."),
              "設定ファイルのみ / the configuration only",
              List.of(
                  new Option(
                      "file",
                      "<file>",
                      new Bilingual("検査する人事データ (必須)", "the HR export to check (required)")),
                  new Option(
                      "layout",
                      "<profile>",
                      new Bilingual(
                          "レイアウト定義 (既定 mamori.hr.layout)",
                          "layout profile (default mamori.hr.layout)")),
                  new Option(
                      "limit",
                      "<n>",
                      new Bilingual("表示する問題行の上限 (既定 20)", "how many problem rows to show (20)")),
                  new Option(
                      "encoding",
                      "AUTO|UTF_8|CP932",
                      new Bilingual(
                          "文字コード (既定 mamori.hr.encoding)",
                          "encoding (default mamori.hr.encoding)")),
                  new Option(
                      "sections",
                      "<csv>",
                      new Bilingual(
                          "所属マスタ (既定 mamori.hr.sections)",
                          "section master (default mamori.hr.sections)")))),
          new Entry(
              "plan",
              "plan",
              new Bilingual(
                  "人事データから変更計画を作り、保存して表示します (アカウントは変更しません)。承認が必要な計画は保留されます (終了コード 2)。",
                  "Makes the change plan from an HR export, stores and prints it (changes no account);"
                      + " a plan needing approval is held (exit 2)."),
              "データベース・ディレクトリ・Keycloak を読む / reads the database, directory and Keycloak",
              List.of(
                  new Option(
                      "file", "<file>", new Bilingual("人事データ (必須)", "the HR export (required)")),
                  new Option(
                      "date",
                      "<yyyy-MM-dd>",
                      new Bilingual(
                          "基準日 (既定 今日、日本時間)", "the day to plan for (default today, Japan time)")),
                  LANG)),
          new Entry(
              "approve",
              "approve",
              new Bilingual(
                  "保留された計画を承認します。計画表示の指紋 (fingerprint) が必要です。",
                  "Approves a held plan; needs the fingerprint shown with the plan."),
              "データベース・ディレクトリ・Keycloak / the database, directory and Keycloak",
              List.of(
                  new Option("plan-id", "<id>", new Bilingual("計画 ID (必須)", "plan ID (required)")),
                  new Option(
                      "fingerprint",
                      "<text>",
                      new Bilingual("計画の指紋 (必須)", "the plan's fingerprint (required)")),
                  new Option(
                      "approver", "<name>", new Bilingual("承認者 (必須)", "who approves (required)")),
                  LANG)),
          new Entry(
              "apply",
              "apply",
              new Bilingual(
                  "計画を適用します。途中で止まった計画はもう一度 apply すると続きから適用されます。終了コード 0 完了、3 途中で停止。",
                  "Applies a plan; a plan stopped part-way continues when applied again. Exit 0 done,"
                      + " 3 stopped part-way."),
              "データベース・ディレクトリ・Keycloak / the database, directory and Keycloak",
              List.of(
                  new Option("plan-id", "<id>", new Bilingual("計画 ID (必須)", "plan ID (required)")),
                  new Option(
                      "date",
                      "<yyyy-MM-dd>",
                      new Bilingual(
                          "基準日 (既定 今日、日本時間)", "the day to apply for (default today, Japan time)")),
                  LANG)),
          new Entry(
              "confirm-person",
              "confirm-person",
              new Bilingual(
                  "再雇用・番号の再利用で、人事に確認のうえ同一人物であることを記録します (監査ログに記録)。",
                  "Records, after checking with HR, that a rehired or reused employee number is the"
                      + " same person (audited)."),
              "データベース・ディレクトリ・Keycloak / the database, directory and Keycloak",
              List.of(
                  new Option(
                      "file", "<file>", new Bilingual("人事データ (必須)", "the HR export (required)")),
                  new Option(
                      "employee",
                      "<number>",
                      new Bilingual("職員番号 (必須)", "employee number (required)")),
                  new Option(
                      "approver", "<name>", new Bilingual("確認した人 (必須)", "who confirms (required)")),
                  new Option(
                      "reason",
                      "<text>",
                      new Bilingual("確認の方法 (必須)", "how it was checked (required)")),
                  new Option(
                      "date",
                      "<yyyy-MM-dd>",
                      new Bilingual("基準日 (既定 今日、日本時間)", "the day (default today, Japan time)")),
                  LANG)),
          new Entry(
              "issue-joiners",
              "issue-joiners",
              new Bilingual(
                  "新規採用者 (パスワード未設定) に仮パスワードを一括発行し、受け渡し票 (所有者のみ読み取り可) に書き出します。",
                  "Issues temporary passwords to every joiner without one and writes the hand-over"
                      + " sheet (readable by its owner only)."),
              "データベース・ディレクトリ・Keycloak / the database, directory and Keycloak",
              List.of(
                  new Option(
                      "issuer", "<name>", new Bilingual("発行者 (必須)", "who issues (required)")),
                  new Option(
                      "output",
                      "<file>",
                      new Bilingual("受け渡し票の保存先 (必須)", "where the sheet is written (required)")),
                  new Option("section", "<code>", new Bilingual("この所属だけ", "only this section")),
                  LANG)),
          new Entry(
              "step-up-enrolment-code",
              "step-up-enrolment-code",
              new Bilingual(
                  "窓口で本人確認した職員に、ステップアップ認証器の登録コード (1 回限り) を発行します。",
                  "Issues a one-time enrolment code for a step-up authenticator to a person whose"
                      + " identity was checked at the desk."),
              "データベース / the database",
              List.of(
                  new Option("username", "<id>", new Bilingual("職員 (必須)", "the person (required)")),
                  new Option(
                      "actor", "<name>", new Bilingual("本人確認した人 (必須)", "who checked (required)")),
                  new Option("reason", "<text>", new Bilingual("本人確認の方法 (必須)", "how (required)")),
                  LANG)),
          new Entry(
              "privileged-rotate-all",
              "privileged-rotate-all",
              new Bilingual(
                  "すべての特権 ID のパスワードを直ちに変更します (貸出中のものは返却後)。",
                  "Rotates every privileged ID's password now (one checked out, after its return)."),
              "データベース・Keycloak / the database and Keycloak",
              List.of(
                  new Option(
                      "actor", "<name>", new Bilingual("実施者 (必須)", "who rotates (required)")),
                  new Option("reason", "<text>", new Bilingual("理由 (必須)", "why (required)")),
                  LANG)),
          new Entry(
              "report",
              "report",
              new Bilingual(
                  "報告書を 1 つ、または全部 (all) をフォルダに書き出します (監査ログに記録、既存ファイルは上書きしません)。",
                  "Writes one report, or all of them into a folder (audited; never overwrites a file)."),
              "データベース・ディレクトリ・Keycloak を読む / reads the database, directory and Keycloak",
              List.of(
                  new Option(
                      "report",
                      "<id>|all",
                      new Bilingual("報告書 ID または all (必須)", "report ID or all (required)")),
                  new Option(
                      "file",
                      "<path>",
                      new Bilingual("出力先 (all ならフォルダ、必須)", "where to write (a folder for all)")),
                  new Option(
                      "format", "csv|pdf", new Bilingual("形式 (既定 csv)", "format (default csv)")),
                  new Option(
                      "encoding", "UTF-8|CP932", new Bilingual("CSV の文字コード", "CSV encoding")),
                  new Option(
                      "actor", "<name>", new Bilingual("実施者 (必須)", "who runs it (required)")),
                  LANG)),
          new Entry(
              "revoke",
              "revoke",
              new Bilingual(
                  "緊急停止: その人をすべての場所で同時に止めます (処分、Keycloak のセッション終了と無効化、ディレクトリの停止、特権 ID"
                      + " の返却、本人確認用の認証器の失効)。終了コード 0 完了、3 一部失敗 (警告あり)、1 指定不足。",
                  "Emergency revocation: stops the person everywhere at once (sanction, Keycloak"
                      + " sessions ended and account disabled, directory account stopped, privileged"
                      + " checkouts checked in, step-up keys retired). Exit 0 done, 3 some steps failed"
                      + " (alerted), 1 missing option."),
              "データベース、Keycloak、ディレクトリ / the database, Keycloak and the directory",
              List.of(
                  new Option(
                      "username",
                      "<職員番号>",
                      new Bilingual("止める人 (必須)", "the person to stop (required)")),
                  new Option(
                      "actor", "<name>", new Bilingual("実施者 (必須)", "who runs it (required)")),
                  new Option("reason", "<text>", new Bilingual("理由 (必須)", "why (required)")),
                  LANG)),
          new Entry(
              "urgent-leavers",
              "urgent-leavers",
              new Bilingual(
                  "毎日の同期を待てない退職者の行 (毎日の人事ファイルと同じ形式) を、その人たちだけの計画として直ちに適用します。停止以外を含むファイル、20"
                      + " 人を超えるファイルは拒否。終了コード 0 適用、2 拒否 (何も適用せず)、3 途中で停止、1 指定不足・読めない。",
                  "Applies now the leaver rows of an HR file in the daily export's layout, for those"
                      + " people only. A file with more than stops, or more than 20 people, is refused."
                      + " Exit 0 applied, 2 refused (nothing applied), 3 stopped part-way, 1 missing"
                      + " option or unreadable file."),
              "データベース、Keycloak、ディレクトリ / the database, Keycloak and the directory",
              List.of(
                  new Option(
                      "file", "<csv>", new Bilingual("退職者の行 (必須)", "the leavers' rows (required)")),
                  new Option(
                      "actor", "<name>", new Bilingual("実施者 (必須)", "who runs it (required)")),
                  new Option("reason", "<text>", new Bilingual("理由 (必須)", "why (required)")),
                  LANG)),
          new Entry(
              "audit-verify",
              "audit verify",
              new Bilingual(
                  "監査ログの改ざん検証 (ハッシュ連鎖と署名付きチェックポイント)。終了コード 0 改ざんなし、3 改ざんあり。",
                  "Verifies the audit log (hash chain and signed checkpoints). Exit 0 intact, 3"
                      + " tampered."),
              "データベースのみ / the database only",
              List.of(LANG)),
          new Entry(
              "audit-export",
              "audit export",
              new Bilingual(
                  "監査ログ全体を外部媒体への保管用に書き出します。", "Writes the whole audit log out for external media."),
              "データベースのみ / the database only",
              List.of(
                  new Option(
                      "file", "<file>", new Bilingual("出力先 (必須)", "where to write (required)")),
                  new Option(
                      "format",
                      "jsonl|csv",
                      new Bilingual("形式 (既定 jsonl)", "format (default jsonl)")),
                  new Option("encoding", "UTF-8|CP932", new Bilingual("文字コード", "encoding")),
                  LANG)),
          new Entry(
              "audit-archive",
              "audit archive",
              new Bilingual(
                  "保存期間を過ぎた監査イベントをファイルに保管してから削除します。",
                  "Archives the audit events older than the retention to a file, then removes them."),
              "データベースのみ / the database only",
              List.of(
                  new Option(
                      "file", "<file>", new Bilingual("保管先 (必須)", "where to write (required)")),
                  new Option(
                      "before",
                      "<yyyy-MM-dd>",
                      new Bilingual("この日より前のイベント (必須)", "the events before this day (required)")),
                  LANG)),
          new Entry(
              "audit-keygen",
              "audit keygen",
              new Bilingual(
                  "監査ログの新しい署名鍵を作成します (所有者のみ読み取り可)。",
                  "Writes a new signing key for the audit log (readable by its owner only)."),
              "なし / nothing",
              List.of(
                  new Option(
                      "file",
                      "<file>",
                      new Bilingual("新しい鍵の保存先 (必須)", "where to write the key (required)")),
                  LANG)));

  /** The entry for a command name ({@code audit-verify}) or as typed ({@code audit verify}). */
  public static Optional<Entry> find(String command) {
    return COMMANDS.stream()
        .filter(e -> e.command().equals(command) || e.typed().equals(command))
        .findFirst();
  }

  /** {@code mamori --help}: how to start the service, then every command in one line each. */
  public static String overview() {
    StringBuilder text = new StringBuilder();
    text.append("使い方 / usage: mamori [serve] | mamori <コマンド/command> [--オプション 値] [--help]\n\n");
    text.append("  serve\n      サービスを起動します (既定)\n      Starts the service (the default)\n");
    for (Entry entry : COMMANDS) {
      text.append("  ").append(entry.typed()).append('\n');
      text.append("      ").append(firstSentence(entry.text().ja())).append('\n');
      text.append("      ").append(firstSentence(entry.text().en())).append('\n');
    }
    text.append(
        "\n各コマンドの説明: mamori <コマンド> --help / each command's help: mamori <command>" + " --help\n");
    return text.toString();
  }

  /** {@code mamori <command> --help}. */
  public static String help(Entry entry) {
    StringBuilder text = new StringBuilder();
    text.append("mamori ").append(entry.typed());
    for (Option option : entry.options()) {
      text.append(" [--").append(option.name()).append(' ').append(option.value()).append(']');
    }
    text.append("\n\n")
        .append(entry.text().ja())
        .append('\n')
        .append(entry.text().en())
        .append("\n\n");
    text.append("使うもの / needs: ").append(entry.needs()).append("\n\n");
    text.append("オプション / options:\n");
    for (Option option : entry.options()) {
      text.append("  --").append(option.name()).append(' ').append(option.value()).append('\n');
      text.append("      ").append(option.text().both()).append('\n');
    }
    return text.toString();
  }

  private static String firstSentence(String text) {
    int ja = text.indexOf('。');
    int en = text.indexOf(". ");
    int end = ja >= 0 ? ja : en >= 0 ? en : text.length();
    String sentence = text.substring(0, end);
    return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
  }
}
