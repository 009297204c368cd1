package jp.mamori.authz.credential;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.hrsync.reconcile.AccountKind;
import jp.mamori.hrsync.reconcile.AccountState;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import jp.mamori.hrsync.reconcile.TargetAccount;
import jp.mamori.hrsync.sync.TemporaryPasswordStore;

/**
 * Bulk issue for joiners (April intake, PW-4): every active personal account that has no password
 * yet and was never issued one gets a temporary password, each recorded as issued by the named
 * administrator with hand-over {@code HAND_OVER_SHEET}; the passwords go into one printable
 * hand-over sheet (仮パスワード受け渡し票), a page per section with a receipt column, written readable by its
 * owner only. The passwords appear nowhere else.
 *
 * <p>Command line: {@code --mamori.cli.command=issue-joiners --mamori.cli.issuer="情報システム課 田中"
 * --mamori.cli.output=/secure/handover.html [--mamori.cli.section=K01]}.
 */
@CliCommand.Names("issue-joiners")
final class JoinerHandOver implements CliCommand {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

  private final ReconcileTarget accounts;
  private final TemporaryPasswordStore credentials;
  private final TemporaryPasswords passwords;
  private final Clock clock;

  public JoinerHandOver(
      ReconcileTarget accounts,
      TemporaryPasswordStore credentials,
      TemporaryPasswords passwords,
      Clock clock) {
    this.accounts = accounts;
    this.credentials = credentials;
    this.passwords = passwords;
    this.clock = clock;
  }

  @Override
  public List<String> commands() {
    return List.of("issue-joiners");
  }

  @Override
  public List<String> options() {
    return List.of("issuer", "output", "section", "lang");
  }

  /** One joiner's line on the sheet. */
  record Line(
      String section, String employeeNumber, String fullName, String password, String expires) {
    @Override
    public String toString() {
      return "Line[" + employeeNumber + ", password ***]";
    }
  }

  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    boolean ja = !"en".equals(options.get("lang"));
    String issuer = options.get("issuer");
    String output = options.get("output");
    if (issuer == null || issuer.isBlank() || output == null || output.isBlank()) {
      out.println(
          ja
              ? "--mamori.cli.issuer (発行者) と --mamori.cli.output (受け渡し票の保存先) を指定してください"
              : "expected --mamori.cli.issuer (who issues) and --mamori.cli.output (where the"
                  + " hand-over sheet is written)");
      return 1;
    }
    Path sheet = Path.of(output);
    if (Files.exists(sheet)) {
      out.println((ja ? "既に存在するファイルには書きません: " : "will not overwrite an existing file: ") + sheet);
      return 1;
    }
    Optional<String> section =
        Optional.ofNullable(options.get("section")).filter(s -> !s.isBlank());
    List<Line> lines = new ArrayList<>();
    try {
      for (TargetAccount a : accounts.read()) {
        if (a.state() != AccountState.ENABLED
            || a.kind() != AccountKind.PERSONAL
            || a.employeeNumber().isEmpty()
            || (section.isPresent() && !a.sections().contains(section.get()))
            || !passwords.history(a.loginName()).isEmpty()
            || credentials.state(a.id()).passwordSetAt().isPresent()) {
          continue;
        }
        TemporaryPasswords.Issued issued =
            passwords.issue(a.loginName(), issuer, TemporaryPasswords.Handover.HAND_OVER_SHEET);
        lines.add(
            new Line(
                a.sections().stream().sorted().findFirst().orElse("-"),
                a.loginName(),
                a.fullName(),
                issued.password().reveal(),
                TIME.format(issued.expiresAt())));
        issued.password().clear();
      }
    } catch (RuntimeException e) {
      out.println((ja ? "中断しました: " : "Stopped: ") + e.getMessage());
      if (!lines.isEmpty()) {
        write(sheet, lines, issuer, out, ja); // what was issued must still reach its owners
      }
      return 3;
    }
    if (lines.isEmpty()) {
      out.println(ja ? "発行対象の職員はいません。" : "Nobody needs a temporary password.");
      return 0;
    }
    return write(sheet, lines, issuer, out, ja) ? 0 : 1;
  }

  private boolean write(Path sheet, List<Line> lines, String issuer, PrintStream out, boolean ja) {
    try {
      Files.createFile(
          sheet,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          sheet, html(lines, issuer), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      out.println(
          (ja ? "受け渡し票を書けません: " : "cannot write the hand-over sheet: ")
              + sheet
              + " ("
              + e.getMessage()
              + ")");
      return false;
    }
    long sections = lines.stream().map(Line::section).distinct().count();
    out.println(
        ja
            ? lines.size()
                + " 名に仮パスワードを発行しました ("
                + sections
                + " 所属)。受け渡し票: "
                + sheet
                + " — 取扱注意: 印刷して手渡し後、ファイルと印刷物を廃棄してください。"
            : lines.size()
                + " temporary passwords issued ("
                + sections
                + " sections). Hand-over sheet: "
                + sheet
                + " — handle with care: print, hand over, then destroy the file and the prints.");
    return true;
  }

  private String html(List<Line> lines, String issuer) {
    Map<String, List<Line>> bySection = new TreeMap<>();
    lines.forEach(l -> bySection.computeIfAbsent(l.section(), k -> new ArrayList<>()).add(l));
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"UTF-8\">")
        .append("<title>仮パスワード受け渡し票 / temporary password hand-over sheet</title><style>")
        .append("body{font-family:'IPAGothic','Noto Sans CJK JP',sans-serif;margin:2rem}")
        .append("section{page-break-after:always}section:last-child{page-break-after:auto}")
        .append("table{border-collapse:collapse;width:100%}th,td{border:1px solid #333;")
        .append("padding:.4rem .6rem;text-align:left}td.pw{font-family:monospace;font-size:1.1em}")
        .append("td.receipt{width:6rem}.note{font-size:.9em}</style></head><body>\n");
    String issuedAt = TIME.format(clock.instant());
    for (Map.Entry<String, List<Line>> e : bySection.entrySet()) {
      h.append("<section class=\"sheet\" data-section=\"")
          .append(escape(e.getKey()))
          .append("\"><h1>仮パスワード受け渡し票</h1><p>所属コード: <strong>")
          .append(escape(e.getKey()))
          .append("</strong> / 発行者: ")
          .append(escape(issuer))
          .append(" / 発行日時: ")
          .append(issuedAt)
          .append("</p><table><thead><tr><th>職員番号<br>(ユーザー名)</th><th>氏名</th>")
          .append("<th>仮パスワード</th><th>有効期限</th><th>受領印</th></tr></thead><tbody>");
      for (Line l : e.getValue()) {
        h.append("<tr><td class=\"emp\">")
            .append(escape(l.employeeNumber()))
            .append("</td><td>")
            .append(escape(l.fullName()))
            .append("</td><td class=\"pw\">")
            .append(escape(l.password()))
            .append("</td><td>")
            .append(l.expires())
            .append("</td><td class=\"receipt\"></td></tr>");
      }
      h.append("</tbody></table><p class=\"note\">初回ログイン時に新しいパスワードへの変更が必要です。")
          .append("有効期限までに使われない仮パスワードは無効になります (再発行は情報システム課へ)。")
          .append("本人に手渡し、受領印をもらってください。受け渡し後、この票は廃棄してください。<br>")
          .append("The password must be changed at the first login and stops working if unused by")
          .append(" its expiry. Hand it to the person in person; destroy this sheet afterwards.")
          .append(" (PW-4)</p></section>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
