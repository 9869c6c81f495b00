package org.contrastlab.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md, checked on the compiled classes of every module: core is the
 * engine and never sees JavaFX or the app; visual draws and never sees core; sample-data only
 * generates; and no package depends on itself through others (no cycles), so that a package can
 * be understood, tested and moved on its own.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.contrastlab");
    }

    @Test
    void coreSeesNeitherJavaFxNorTheApp() {
        noClasses().that().resideInAPackage("org.contrastlab.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.contrastlab.app..", "org.contrastlab.visual..")
                .check(classes);
    }

    @Test
    void visualDrawsWithoutTheEngine() {
        noClasses().that().resideInAPackage("org.contrastlab.visual..")
                .should().dependOnClassesThat().resideInAnyPackage("org.contrastlab.core..", "org.contrastlab.app..", "ai.djl..")
                .check(classes);
    }

    @Test
    void aMethodIsBuiltOnSharedBlocksWithoutTheEngine() {
        noClasses().that().resideInAnyPackage("org.contrastlab.core.method..", "org.contrastlab.core.loss..", "org.contrastlab.core.ssl..")
                .should().dependOnClassesThat().resideInAnyPackage("org.contrastlab.core.train..", "org.contrastlab.core.viewer..")
                .check(classes);
    }

    @Test
    void noMutableStaticStateSuchAsTestHooks() {
        fields().that().areStatic().should().beFinal()
                .because("a test changes what it needs through the object it tests, never through a static field")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.contrastlab.(**)").should().beFreeOfCycles().check(classes);
    }
}
