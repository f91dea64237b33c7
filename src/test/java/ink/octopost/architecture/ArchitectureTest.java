package ink.octopost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import ink.octopost.auth.RequiresScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** The package rules of docs/architecture.md, checked on every build. */
@AnalyzeClasses(packages = "ink.octopost", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule featuresAreFreeOfCycles =
      slices().matching("ink.octopost.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule sharedKernelDependsOnNoFeature =
      noClasses().that().resideInAPackage("ink.octopost.shared..")
          .should().dependOnClassesThat().resideOutsideOfPackages(
              "ink.octopost.shared..", "java..", "javax..", "org.springframework..", "org.slf4j..", "tools.jackson..");

  @ArchTest
  static final ArchRule theEdgeKnowsNoFeature =
      noClasses().that().resideInAPackage("ink.octopost.web..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "ink.octopost.auth..", "ink.octopost.workspaces..", "ink.octopost.ratelimit..",
              "ink.octopost.idempotency..", "ink.octopost.database..", "ink.octopost.posts..",
              "ink.octopost.accounts..", "ink.octopost.networks..", "ink.octopost.publishing..");

  @ArchTest
  static final ArchRule onlyNetworksSeeANetworkPackage =
      noClasses().that().resideOutsideOfPackage("ink.octopost.networks..")
          .should().dependOnClassesThat().resideInAPackage("ink.octopost.networks.(*)..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule repositoriesArePackagePrivate =
      classes().that().areAnnotatedWith(Repository.class)
          .should().notBePublic()
          .because("features talk through their public services, never another feature's repository");

  @ArchTest
  static final ArchRule controllersArePackagePrivate =
      classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

  @ArchTest
  static final ArchRule everyV1EndpointDeclaresItsScopes =
      methods().that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
          .and().areAnnotatedWith(GetMapping.class).or().areAnnotatedWith(PostMapping.class)
          .or().areAnnotatedWith(PutMapping.class).or().areAnnotatedWith(PatchMapping.class)
          .or().areAnnotatedWith(DeleteMapping.class)
          .should().beAnnotatedWith(RequiresScope.class)
          .because("every /v1 endpoint says which scopes it needs");

  @ArchTest
  static final ArchRule noFieldInjection =
      noFields().should().beAnnotatedWith(Autowired.class).because("constructor injection only");

  @ArchTest
  static final ArchRule timeComesFromTheInjectedClock =
      noClasses().should().callMethod(java.time.Instant.class, "now")
          .orShould().callMethod(java.time.LocalDateTime.class, "now")
          .orShould().callMethod(java.time.OffsetDateTime.class, "now")
          .orShould().callMethod(java.time.ZonedDateTime.class, "now")
          .orShould().callMethod(System.class, "currentTimeMillis")
          .because("tests move time through the injected Clock");

  @ArchTest
  static final ArchRule noJpa =
      noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..");

  @ArchTest
  static final ArchRule everyPackageSaysWhatItIsFor =
      classes().that().resideInAPackage("ink.octopost..")
          .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("live in a package with a package-info.java") {
            @Override
            public void check(JavaClass c, com.tngtech.archunit.lang.ConditionEvents events) {
              try {
                Class.forName(c.getPackageName() + ".package-info");
              } catch (ClassNotFoundException e) {
                events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(c, c.getPackageName() + " has no package-info.java"));
              }
            }
          });

}
