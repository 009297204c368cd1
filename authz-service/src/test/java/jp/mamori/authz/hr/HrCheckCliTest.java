package jp.mamori.authz.hr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jp.mamori.authz.settings.MamoriSettings;
import jp.mamori.hrsync.hr.HrEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-hr's options: which layout and encoding it reads with, and its refusals (exit 2). */
class HrCheckCliTest {

  private static final String VENDOR =
      "EMP_NO,NAME_KANJI,NAME_KANA,DEPT_CD,DEPT_NAME,POSITION,EMP_TYPE,EMP_STATUS,EFFECTIVE_DATE\n"
          + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,1,2,20250401\n";

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void executeWhenNoLayoutOptionThenTheConfiguredLayoutIsUsed() throws Exception {
    Path file = write(VENDOR);
    HrCheckCli configuredVendor =
        new HrCheckCli(new MamoriSettings.Hr(null, HrEncoding.AUTO, "example-vendor", null));

    int exit = configuredVendor.execute("check-hr", Map.of("file", file.toString()), out);

    assertThat(exit).isZero();
    assertThat(text()).contains("example-vendor.yml").contains("  休職 LEAVE: 1\n");
  }

  @Test
  void executeWhenLayoutOptionThenItWinsOverTheSetting() throws Exception {
    Path file = write(VENDOR);
    HrCheckCli configuredDefault =
        new HrCheckCli(new MamoriSettings.Hr(null, HrEncoding.AUTO, null, null));

    assertThat(configuredDefault.execute("check-hr", Map.of("file", file.toString()), out))
        .as("the default layout finds none of the vendor's headers")
        .isEqualTo(2);
    assertThat(text()).contains("missing header(s) [職員番号");

    bytes.reset();
    int exit =
        configuredDefault.execute(
            "check-hr", Map.of("file", file.toString(), "layout", "example-vendor"), out);
    assertThat(exit).isZero();
  }

  @Test
  void executeWhenOptionsAreWrongOrTheProfileIsInvalidThenExitTwoWithWhatToChange()
      throws Exception {
    HrCheckCli cli = new HrCheckCli(new MamoriSettings.Hr(null, HrEncoding.AUTO, null, null));
    Path file = write(VENDOR);
    Path profile = dir.resolve("layout.yml");
    Files.writeString(profile, "statuses:\n  在職: ON_DUTY\n");

    assertThat(cli.execute("check-hr", Map.of(), out)).isEqualTo(2);
    assertThat(cli.execute("check-hr", options(file, "limit", "twenty"), out)).isEqualTo(2);
    assertThat(cli.execute("check-hr", options(file, "encoding", "SJIS"), out)).isEqualTo(2);
    assertThat(cli.execute("check-hr", options(file, "layout", profile.toString()), out))
        .isEqualTo(2);

    assertThat(text())
        .contains("--mamori.cli.file")
        .contains("expected --mamori.cli.limit=<0 or more>, found twenty")
        .contains("AUTO, UTF_8 or CP932, found SJIS")
        .contains("人事レイアウト定義に誤りがあります")
        .contains("layout.yml:2:7 statuses.在職: 値 \"ON_DUTY\"")
        .contains("correct the layout profile");
  }

  @Test
  void executeWhenEncodingOptionThenTheFileIsDecodedSo() throws Exception {
    Path file = dir.resolve("hr.csv");
    Files.write(file, VENDOR.getBytes(java.nio.charset.Charset.forName("windows-31j")));
    HrCheckCli cli =
        new HrCheckCli(new MamoriSettings.Hr(null, HrEncoding.AUTO, "example-vendor", null));

    assertThat(cli.execute("check-hr", options(file, "encoding", "utf_8"), out)).isEqualTo(1);
    assertThat(text()).contains("(設定 / setting UTF_8)").contains("decodable characters");
  }

  private static Map<String, String> options(Path file, String key, String value) {
    Map<String, String> options = new HashMap<>();
    options.put("file", file.toString());
    options.put(key, value);
    return options;
  }

  private Path write(String content) throws Exception {
    Path file = dir.resolve("hr.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
