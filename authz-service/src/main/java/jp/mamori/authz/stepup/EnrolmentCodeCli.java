package jp.mamori.authz.stepup;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import jp.mamori.authz.cli.CliCommand;

/**
 * The desk's way to a person's first step-up authenticator (MF-3), and the only way for the very
 * first administrator, who has no key yet to pass a step-up with: the information-system section
 * checks the person's identity at the desk and issues a one-time enrolment code on the server.
 *
 * <p>Command line: {@code --mamori.cli.command=step-up-enrolment-code --mamori.cli.username=A10001
 * --mamori.cli.actor="情報システム課 田中" --mamori.cli.reason="職員証で本人確認 (窓口)"}. Prints the code once; the
 * code works once, for that person, for {@link EnrolmentCodes#LIFETIME}. The operating system
 * account that ran the command is recorded with the actor. Exit code 0, or 1 on a missing option or
 * an issuer who is the person.
 */
@CliCommand.Names("step-up-enrolment-code")
final class EnrolmentCodeCli implements CliCommand {

  private final EnrolmentCodes codes;

  EnrolmentCodeCli(EnrolmentCodes codes) {
    this.codes = codes;
  }

  @Override
  public List<String> commands() {
    return List.of("step-up-enrolment-code");
  }

  @Override
  public List<String> options() {
    return List.of("username", "actor", "reason", "lang");
  }

  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    boolean ja = !"en".equals(options.get("lang"));
    String username = options.get("username");
    String actor = options.get("actor");
    String reason = options.get("reason");
    if (blank(username) || blank(actor) || blank(reason)) {
      out.println(
          ja
              ? "--mamori.cli.username (職員), --mamori.cli.actor (本人確認した人) と --mamori.cli.reason"
                  + " (本人確認の方法) を指定してください"
              : "expected --mamori.cli.username (the person), --mamori.cli.actor (who checked the"
                  + " identity) and --mamori.cli.reason (how)");
      return 1;
    }
    String issuer = CliCommand.actor(actor);
    EnrolmentCodes.Issued issued;
    try {
      issued = codes.issue(username, issuer, reason);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 1;
    }
    out.println((ja ? "登録コード (一度だけ表示します): " : "Enrolment code (shown once): ") + issued.code());
    out.println(
        (ja ? "対象: " : "For: ")
            + issued.username()
            + (ja ? " / 有効期限: " : " / valid until: ")
            + issued.expiresAt()
            + (ja ? " / 一度だけ使用できます" : " / usable once"));
    return 0;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
