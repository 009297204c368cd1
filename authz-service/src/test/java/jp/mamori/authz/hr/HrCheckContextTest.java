package jp.mamori.authz.hr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.mamori.authz.cli.CliCommand;
import jp.mamori.hrsync.directory.DirectoryPort;
import jp.mamori.hrsync.reconcile.ReconcileTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * check-hr as the command line runs it: its own context with the settings and the command only —
 * nothing that could reach a database, a directory or Keycloak — and the exit code of the check.
 */
class HrCheckContextTest {

  private static final String HEADER = "職員番号,氏名,カナ,所属コード,所属名,職名,雇用区分,在籍区分,発令日,契約終了日\n";

  @TempDir Path dir;

  @Test
  void runWhenCheckHrThenTheSummaryIsPrintedAndTheExitCodeIsTheCheck() throws Exception {
    Path good = dir.resolve("good.csv");
    Files.writeString(good, HEADER + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,01,2025-04-01,\n");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, HEADER + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,01,09,2025-04-01,\n");

    Captured ok = run("--mamori.cli.command=check-hr", "--mamori.cli.file=" + good);
    Captured problems = run("--mamori.cli.command=check-hr", "--mamori.cli.file=" + bad);
    Captured unreadable =
        run("--mamori.cli.command=check-hr", "--mamori.cli.file=" + dir.resolve("none.csv"));

    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("取り込める行 / valid records: 1").contains("default.yml");
    assertThat(problems.exit()).isEqualTo(1);
    assertThat(problems.out()).contains("bad.csv:2 列「在籍区分」: 値 \"09\"");
    assertThat(unreadable.exit()).isEqualTo(2);
  }

  @Test
  void runWhenLayoutIsConfiguredThenCheckHrUsesIt() throws Exception {
    Path file = dir.resolve("vendor.csv");
    Files.writeString(
        file,
        "EMP_NO,NAME_KANJI,NAME_KANA,DEPT_CD,DEPT_NAME,POSITION,EMP_TYPE,EMP_STATUS,EFFECTIVE_DATE\n"
            + "20001,佐藤 花子,サトウ ハナコ,K01,市民課,課長,1,1,20250401\n");

    Captured result =
        run(
            "--mamori.cli.command=check-hr",
            "--mamori.cli.file=" + file,
            "--mamori.hr.layout=example-vendor");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("example-vendor.yml");
  }

  @Test
  void contextWhenStartedThenHoldsNoAdapterToAnyTarget() {
    SpringApplication app = new SpringApplication(HrCheckContext.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context =
        app.run("--mamori.cli.command=check-hr", "--mamori.cli.file=" + dir.resolve("x.csv"))) {
      assertThat(context.getBeansOfType(javax.sql.DataSource.class)).isEmpty();
      assertThat(context.getBeansOfType(DirectoryPort.class)).isEmpty();
      assertThat(context.getBeansOfType(ReconcileTarget.class)).isEmpty();
      assertThat(context.getBeansOfType(org.keycloak.admin.client.Keycloak.class)).isEmpty();
      assertThat(context.getBeansOfType(CliCommand.class).values())
          .singleElement()
          .isInstanceOf(HrCheckCli.class);
    }
  }

  @Test
  void handlesWhenCheckHrThenTrueOtherwiseFalse() {
    assertThat(HrCheckContext.handles("--mamori.cli.command=check-hr", "--x=1")).isTrue();
    assertThat(HrCheckContext.handles("--mamori.cli.command=apply")).isFalse();
    assertThat(HrCheckContext.handles()).isFalse();
    assertThat(List.of(HrCheckContext.class.getAnnotations()))
        .as("not picked up by the service's component scan")
        .noneMatch(a ->
            a.annotationType().isAnnotationPresent(org.springframework.stereotype.Component.class)
                || a instanceof org.springframework.stereotype.Component);
  }

  private record Captured(int exit, String out) {}

  /** Runs the command as main does, with standard output captured. */
  private static Captured run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int exit = HrCheckContext.run(args);
      return new Captured(exit, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
