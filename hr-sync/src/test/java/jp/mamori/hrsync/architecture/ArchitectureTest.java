package jp.mamori.hrsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jp.mamori.testing.SourceRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls of hr-sync, checked on its compiled classes: the core ({@code hr}, {@code reconcile}
 * and the ports in {@code sync}) knows the targets only through its ports; the adapters ({@code
 * keycloak}, {@code directory}) do not reach into each other — what needs both, Keycloak's
 * federation with the directory and the passwords the directory holds, lives in {@code federation};
 * the packages form no cycle; and dependencies show in the import lists.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.mamori.hrsync");
  }

  @Test
  void coreWhenCompiledThenItKnowsNoAdapter() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "jp.mamori.hrsync.hr..", "jp.mamori.hrsync.reconcile..", "jp.mamori.hrsync.sync..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jp.mamori.hrsync.keycloak..",
            "jp.mamori.hrsync.directory..",
            "jp.mamori.hrsync.federation..")
        .because(
            "the HR reading and the reconciliation reach the targets through their ports"
                + " (reconcile.ReconcileTarget, sync.IdentityProviderPort)")
        .check(classes);
  }

  @Test
  void adaptersWhenCompiledThenNeitherReachesIntoTheOther() {
    noClasses()
        .that()
        .resideInAPackage("jp.mamori.hrsync.keycloak..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jp.mamori.hrsync.directory..", "jp.mamori.hrsync.federation..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("jp.mamori.hrsync.directory..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jp.mamori.hrsync.keycloak..", "jp.mamori.hrsync.federation..")
        .check(classes);
  }

  @Test
  void packagesWhenCompiledThenNoCycle() {
    slices().matching("jp.mamori.hrsync.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void sourcesWhenReadThenNoFullyQualifiedEscapeOfTheImports() {
    SourceRules.assertNoFullyQualifiedMamoriTypes("src/main/java", "src/test/java");
  }
}
