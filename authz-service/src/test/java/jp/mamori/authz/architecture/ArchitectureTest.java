package jp.mamori.authz.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls inside the service, checked on its compiled classes.
 *
 * <ul>
 *   <li>The features ({@code jp.mamori.authz.<feature>}) form no cycle.
 *   <li>SQL stays in a feature's store: only classes named {@code *Store} (and the wiring in {@code
 *       stack}) use JDBC.
 *   <li>The features reach Keycloak and the directory through ports: hr-sync's concrete adapters
 *       ({@code keycloak}, {@code directory}, {@code federation}) are named only by the wiring —
 *       {@code stack} and the features' {@code *Configuration} classes.
 * </ul>
 *
 * <p>What the code did before these walls were drawn is recorded, violation by violation, in {@code
 * src/test/resources/architecture-debt} (ArchUnit's frozen rules): a new violation fails the build,
 * a recorded one that is removed drops out of the record. The record is the list of work left; it
 * only shrinks.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jp.mamori.authz");
  }

  @Test
  void featuresWhenCompiledThenNoCycle() {
    check(slices().matching("jp.mamori.authz.(*)..").should().beFreeOfCycles());
  }

  @Test
  void sqlWhenCompiledThenOnlyInStores() {
    check(
        noClasses()
            .that(are(not(store())))
            .and(are(not(wiring())))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.springframework.jdbc..", "java.sql..", "javax.sql..", "org.postgresql..")
            .because("each feature owns its tables behind its store"));
  }

  @Test
  void adaptersWhenCompiledThenNamedOnlyByTheWiring() {
    check(
        noClasses()
            .that(are(not(wiring())))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "jp.mamori.hrsync.keycloak..",
                "jp.mamori.hrsync.directory..",
                "jp.mamori.hrsync.federation..")
            .because("features use hr-sync's ports; the wiring picks the adapters"));
  }

  private static void check(ArchRule rule) {
    FreezingArchRule.freeze(rule).check(classes);
  }

  private static DescribedPredicate<JavaClass> store() {
    return DescribedPredicate.describe(
        "a store",
        c ->
            c.getSimpleName().matches(".*Stores?")
                || enclosedIn(c, "Store")
                || enclosedIn(c, "Stores"));
  }

  private static DescribedPredicate<JavaClass> wiring() {
    return DescribedPredicate.describe(
        "the wiring (stack, *Configuration)",
        c ->
            c.getPackageName().startsWith("jp.mamori.authz.stack")
                || c.getSimpleName().endsWith("Configuration")
                || enclosedIn(c, "Configuration"));
  }

  private static boolean enclosedIn(JavaClass c, String suffix) {
    return c.getEnclosingClass().map(e -> e.getSimpleName().endsWith(suffix)).orElse(false);
  }

  private static <T> DescribedPredicate<T> are(DescribedPredicate<T> p) {
    return p;
  }

  private static <T> DescribedPredicate<T> not(DescribedPredicate<T> p) {
    return DescribedPredicate.not(p);
  }
}
