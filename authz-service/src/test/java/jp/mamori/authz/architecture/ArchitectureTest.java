package jp.mamori.authz.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import jp.mamori.testing.SourceRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls inside the service, checked on its compiled classes.
 *
 * <ul>
 *   <li>No new dependency between the features ({@code jp.mamori.authz.<feature>}): those of today
 *       are recorded, and they form no cycle. The leaves ({@code shared}, {@code settings}) may be
 *       used by all and use no feature.
 *   <li>SQL stays in a feature's store: only classes named {@code *Store} (and the wiring in {@code
 *       stack}) use JDBC.
 *   <li>The features reach Keycloak and the directory through ports: hr-sync's concrete adapters
 *       ({@code keycloak}, {@code directory}, {@code federation}) are named only by the wiring —
 *       {@code stack} and the features' {@code *Configuration} classes.
 *   <li>A feature's top-level type is public only if something outside its package uses it.
 * </ul>
 *
 * <p>What the code did before these walls were drawn is recorded, violation by violation, in {@code
 * src/test/resources/architecture-debt} (ArchUnit's frozen rules, today only the SQL rule's): a new
 * violation fails the build, a recorded one that is removed drops out of the record. The record is
 * the list of work left; it only shrinks. A rule whose record is empty becomes a plain rule.
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

  /**
   * The dependencies between features, feature by feature ({@code a -> b}), against the record of
   * those that existed when the wall was drawn ({@value #FEATURE_DEPENDENCIES}): a new one fails.
   * One that disappears is removed from the record by hand.
   */
  @Test
  void featuresWhenCompiledThenNoNewDependencyBetweenThem() throws Exception {
    java.util.SortedSet<String> found = new java.util.TreeSet<>();
    for (JavaClass c : classes) {
      String from = feature(c.getPackageName());
      for (var d : c.getDirectDependenciesFromSelf()) {
        String to = feature(d.getTargetClass().getPackageName());
        if (from != null && to != null && !from.equals(to) && !LEAVES.contains(to)) {
          found.add(from + " -> " + to);
        }
      }
    }
    java.nio.file.Path record = java.nio.file.Path.of(FEATURE_DEPENDENCIES);
    java.util.Set<String> recorded =
        new java.util.TreeSet<>(
            java.nio.file.Files.readAllLines(record).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList());
    java.util.SortedSet<String> added = new java.util.TreeSet<>(found);
    added.removeAll(recorded);
    org.assertj.core.api.Assertions.assertThat(added)
        .as(
            "dependencies between features not in %s (a feature reaches another through what"
                + " that one publishes, and never back: see docs/architecture.md)",
            record)
        .isEmpty();
  }

  /**
   * Packages every feature may use because they use no feature: the one refusal model and the
   * bilingual text ({@code shared}), the settings records ({@code settings}), the claims that make
   * a job or a row's work run once across instances ({@code claims}).
   */
  static final java.util.Set<String> LEAVES = java.util.Set.of("shared", "settings", "claims");

  @Test
  void leavesWhenCompiledThenTheyUseNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "jp.mamori.authz.shared..", "jp.mamori.authz.settings..", "jp.mamori.authz.claims..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "a feature of the service",
                c ->
                    c.getPackageName().startsWith("jp.mamori.authz.")
                        && !LEAVES.contains(feature(c.getPackageName()))))
        .check(classes);
  }

  @Test
  void sourcesWhenReadThenNoFullyQualifiedEscapeOfTheImports() {
    SourceRules.assertNoFullyQualifiedMamoriTypes("src/main/java", "src/test/java");
  }

  @Test
  void featuresWhenCompiledThenNoCycle() {
    slices().matching("jp.mamori.authz.(*)..").should().beFreeOfCycles().check(classes);
  }

  /**
   * A top-level type of a feature is public only if something outside its package uses it: a class
   * of another package of the service (main or test code: a test in another package may need it), a
   * class of the modules that build on the service ({@value #OTHER_MODULES_SOURCES}, read as
   * source), or Spring Boot's {@code META-INF/spring.factories}, which names its classes. Anything
   * else is package-private, so that a package's surface is what others really use.
   */
  @Test
  void typesWhenUsedOnlyInTheirPackageThenPackagePrivate() throws Exception {
    JavaClasses withTests = new ClassFileImporter().importPackages("jp.mamori.authz");
    java.util.Set<String> usedOutside = namedOutsideTheModule();
    for (JavaClass c : withTests) {
      String topLevel = c.getName().replaceFirst("\\$.*", "");
      for (var d : c.getDirectDependenciesToSelf()) {
        if (!d.getOriginClass().getPackageName().equals(c.getPackageName())) {
          usedOutside.add(topLevel);
        }
      }
    }
    java.util.SortedSet<String> found = new java.util.TreeSet<>();
    for (JavaClass c : classes) {
      if (c.isTopLevelClass()
          && c.getModifiers().contains(JavaModifier.PUBLIC)
          && feature(c.getPackageName()) != null
          && !usedOutside.contains(c.getName())
          && !PUBLIC_FOR_A_REASON.containsKey(c.getName())) {
        found.add(c.getName());
      }
    }
    org.assertj.core.api.Assertions.assertThat(found)
        .as(
            "public types that no class outside their package uses (make them package-private,"
                + " or name them in PUBLIC_FOR_A_REASON with the reason)")
        .isEmpty();
  }

  /**
   * Public types no class of another package uses, that stay public for a reason outside the Java
   * code (type name → why).
   */
  static final java.util.Map<String, String> PUBLIC_FOR_A_REASON = java.util.Map.of();

  /** Where the modules that build on the service keep their sources (relative to the module). */
  static final String OTHER_MODULES_SOURCES = "../bench/src, ../distribution/src";

  /**
   * The service's types named outside its compiled classes: by the sources of the modules that
   * build on it, and by {@code META-INF/spring.factories}.
   */
  private static java.util.Set<String> namedOutsideTheModule() throws java.io.IOException {
    java.util.Set<String> named = new java.util.TreeSet<>();
    java.util.regex.Pattern name =
        java.util.regex.Pattern.compile("jp\\.mamori\\.authz(?:\\.[a-z][a-z0-9]*)+\\.[A-Z]\\w*");
    java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
    for (String root : OTHER_MODULES_SOURCES.split(", ")) {
      java.nio.file.Path dir = java.nio.file.Path.of(root);
      if (java.nio.file.Files.isDirectory(dir)) {
        try (var walk = java.nio.file.Files.walk(dir)) {
          walk.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
        }
      }
    }
    files.add(java.nio.file.Path.of("src/main/resources/META-INF/spring.factories"));
    for (java.nio.file.Path f : files) {
      var m = name.matcher(java.nio.file.Files.readString(f));
      while (m.find()) {
        named.add(m.group());
      }
    }
    return named;
  }

  /** The record of the dependencies between features (relative to the module). */
  static final String FEATURE_DEPENDENCIES =
      "src/test/resources/architecture-debt/feature-dependencies.txt";

  /** {@code jp.mamori.authz.<feature>…} → the feature; null outside the service. */
  private static String feature(String packageName) {
    String prefix = "jp.mamori.authz.";
    if (!packageName.startsWith(prefix)) {
      return null;
    }
    String rest = packageName.substring(prefix.length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
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

  /**
   * A plain rule, not a frozen one: its record emptied once the features caught hr-sync's neutral
   * {@code reconcile.TargetException} instead of the adapters' exceptions, so any violation fails.
   */
  @Test
  void adaptersWhenCompiledThenNamedOnlyByTheWiring() {
    noClasses()
        .that(are(not(wiring())))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jp.mamori.hrsync.keycloak..",
            "jp.mamori.hrsync.directory..",
            "jp.mamori.hrsync.federation..")
        .because("features use hr-sync's ports; the wiring picks the adapters")
        .check(classes);
  }

  private static void check(ArchRule rule) {
    FreezingArchRule.freeze(rule).check(classes);
  }

  private static DescribedPredicate<JavaClass> store() {
    return DescribedPredicate.describe(
        "a store (or a claim mechanism, the store of its claims)",
        c ->
            c.getSimpleName().matches(".*Stores?")
                || c.getPackageName().startsWith("jp.mamori.authz.claims")
                || enclosedIn(c, "Store")
                || enclosedIn(c, "Stores"));
  }

  private static DescribedPredicate<JavaClass> wiring() {
    return DescribedPredicate.describe(
        "the wiring (stack, settings, *Configuration)",
        c ->
            c.getPackageName().startsWith("jp.mamori.authz.stack")
                || c.getPackageName().startsWith("jp.mamori.authz.settings")
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
