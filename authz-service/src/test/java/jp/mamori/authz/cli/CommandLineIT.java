package jp.mamori.authz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.mamori.authz.MamoriApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command line as {@code bin/mamori audit verify} runs it, in the embedded default: the
 * database only. Keycloak is deliberately not available (a home without {@code bin/kc.sh}): a
 * command that started it, or wrote the realm at start-up as the service does, would fail to start;
 * neither Keycloak, its admin client, the directory nor the realm's start-up writer is made.
 */
class CommandLineIT {

  @TempDir Path dir;

  @Test
  void auditVerifyWhenRunFromTheCommandLineThenOnlyTheDatabaseIsStarted() throws Exception {
    Path noKeycloak = Files.createDirectories(dir.resolve("no-keycloak"));
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    ConfigurableApplicationContext context;
    try {
      context =
          MamoriApplication.commandLine()
              .run("--mamori.cli.command=audit-verify", "--mamori.keycloak.home=" + noKeycloak);
    } finally {
      System.setOut(original);
    }
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    Set<String> made = new HashSet<>(Arrays.asList(beans.getSingletonNames()));
    int exit = SpringApplication.exit(context);

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("監査ログは改ざんされていません");
    assertThat(made)
        .as("the audit log's command and the embedded database were made")
        .contains("auditVerifyCommand", "embeddedPostgres", "dataSource");
    assertThat(made)
        .as("nothing of Keycloak or the directory, no start-up work of the service")
        .doesNotContain(
            "embeddedKeycloak",
            "keycloakAdmin",
            "stackEndpoints",
            "embeddedDirectory",
            "stackStartup",
            "lifecycleCli",
            "joinerHandOver");
    assertThat(beans.containsBeanDefinition("stackStartup"))
        .as("the realm's start-up writer is not part of a command's context")
        .isFalse();
  }

  @Test
  void catalogueWhenComparedWithTheCommandBeansThenTheSameNames() {
    PrintStream original = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ConfigurableApplicationContext context;
    try {
      // audit-keygen makes nothing but its key; the context is then looked at
      context =
          MamoriApplication.commandLine()
              .run(
                  "--mamori.cli.command=audit-keygen",
                  "--mamori.cli.file=" + dir.resolve("new-key.jwk"),
                  "--mamori.keycloak.home=" + dir);
    } finally {
      System.setOut(original);
    }
    try (context) {
      ConfigurableListableBeanFactory beans = context.getBeanFactory();
      assertThat(beans.getSingletonNames())
          .as("audit-keygen writes a key file and starts nothing, not even the database")
          .doesNotContain("embeddedPostgres", "dataSource", "auditLog");
      assertThat(dir.resolve("new-key.jwk")).isRegularFile();
      Set<String> declared = new HashSet<>();
      for (String bean : beans.getBeanNamesForType(CliCommand.class, true, false)) {
        CliCommand.Names names = beans.findAnnotationOnBean(bean, CliCommand.Names.class);
        assertThat(names).as("@CliCommand.Names on " + bean).isNotNull();
        declared.addAll(List.of(names.value()));
      }
      assertThat(declared)
          .as("the commands of the beans (check-hr runs in a context of its own)")
          .containsExactlyInAnyOrderElementsOf(
              CliCatalogue.COMMANDS.stream()
                  .map(CliCatalogue.Entry::command)
                  .filter(c -> !c.equals("check-hr"))
                  .toList());
      // the commands that need the database only can be made here: their options as listed
      for (String name : List.of("audit-verify", "audit-export", "audit-archive", "audit-keygen")) {
        String bean =
            Arrays.stream(beans.getBeanNamesForType(CliCommand.class, true, false))
                .filter(b ->
                    List.of(beans.findAnnotationOnBean(b, CliCommand.Names.class).value())
                        .contains(name))
                .findFirst()
                .orElseThrow();
        CliCommand command = beans.getBean(bean, CliCommand.class);
        assertThat(command.commands()).contains(name);
        assertThat(
                CliCatalogue.find(name).orElseThrow().options().stream()
                    .map(CliCatalogue.Option::name)
                    .toList())
            .as("options of " + name + " in the catalogue")
            .containsExactlyInAnyOrderElementsOf(command.options());
      }
    }
  }
}
