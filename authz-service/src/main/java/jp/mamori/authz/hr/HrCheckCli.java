package jp.mamori.authz.hr;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.hrsync.hr.HrCsvReader;
import jp.mamori.hrsync.hr.HrEncoding;
import jp.mamori.hrsync.hr.HrFileCheck;
import jp.mamori.hrsync.hr.HrFileException;
import jp.mamori.hrsync.hr.HrLayout;
import jp.mamori.hrsync.hr.HrLayoutException;
import jp.mamori.hrsync.hr.HrLayoutLoader;
import jp.mamori.hrsync.hr.SectionMaster;

/**
 * {@code --mamori.cli.command=check-hr --mamori.cli.file=PATH [--mamori.cli.layout=PROFILE]
 * [--mamori.cli.limit=20] [--mamori.cli.encoding=AUTO|UTF_8|CP932] [--mamori.cli.sections=CSV]}:
 * reads an HR export with a layout profile (by default the configured {@code mamori.hr.layout},
 * {@code mamori.hr.encoding} and section master {@code mamori.hr.sections}) and prints what the
 * sync would read from it — see {@link HrFileCheck}. Exit 0 no problem, 1 rows with problems, 2 the
 * file or the profile cannot be read, or the options are wrong.
 *
 * <p>It touches no target: it runs in {@link HrCheckContext}, which starts neither the database,
 * the directory nor Keycloak, and only reads the file.
 */
@CliCommand.Names("check-hr")
final class HrCheckCli implements CliCommand {

  static final int DEFAULT_LIMIT = 20;

  private final MamoriSettings.Hr settings;

  HrCheckCli(MamoriSettings.Hr settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public List<String> commands() {
    return List.of("check-hr");
  }

  @Override
  public List<String> options() {
    return List.of("file", "layout", "limit", "encoding", "sections");
  }

  @Override
  public int execute(String command, Map<String, String> options, PrintStream out) {
    String file = options.get("file");
    if (file == null || file.isBlank()) {
      out.println(
          "--mamori.cli.file で検査する人事データのファイルを指定してください / expected"
              + " --mamori.cli.file=<the HR export to check>");
      return HrFileCheck.UNREADABLE;
    }
    int limit;
    try {
      limit =
          Integer.parseInt(options.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)).strip());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 0) {
      out.println(
          "--mamori.cli.limit は 0 以上の整数 / expected --mamori.cli.limit=<0 or more>, found "
              + options.get("limit"));
      return HrFileCheck.UNREADABLE;
    }
    HrEncoding encoding = settings.encoding();
    String encodingOption = options.get("encoding");
    if (encodingOption != null && !encodingOption.isBlank()) {
      try {
        encoding = HrEncoding.valueOf(encodingOption.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        out.println(
            "--mamori.cli.encoding は AUTO・UTF_8・CP932 のいずれか / expected --mamori.cli.encoding="
                + "AUTO, UTF_8 or CP932, found "
                + encodingOption);
        return HrFileCheck.UNREADABLE;
      }
    }
    String layoutOption = options.get("layout");
    HrLayout layout;
    try {
      layout =
          HrLayoutLoader.load(
              layoutOption != null && !layoutOption.isBlank() ? layoutOption : settings.layout());
    } catch (HrLayoutException e) {
      out.println(e.getMessage());
      out.println("結果 / result: レイアウト定義を修正してください / correct the layout profile (docs/hr-layout.md)");
      return HrFileCheck.UNREADABLE;
    }
    HrCsvReader reader = new HrCsvReader(layout, encoding);
    String sectionsOption = options.get("sections");
    Path sections =
        sectionsOption != null && !sectionsOption.isBlank()
            ? Path.of(sectionsOption.strip())
            : settings.sections();
    if (sections != null) {
      try {
        reader = reader.withSections(SectionMaster.load(sections));
      } catch (HrFileException e) {
        out.println(e.getMessage());
        out.println("結果 / result: 所属マスタを修正してください / correct the section master");
        return HrFileCheck.UNREADABLE;
      }
    }
    return new HrFileCheck(reader).check(Path.of(file), limit, out);
  }
}
