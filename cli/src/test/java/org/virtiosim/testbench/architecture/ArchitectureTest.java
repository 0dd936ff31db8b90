package org.virtiosim.testbench.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The arrows of ../shared/DESIGN.md ("Modules") as executable rules, over main code only.
 *
 * <p>Maven already stops a module from compiling against a module it does not declare, but only
 * at module granularity: it cannot see a cycle between two packages of one module, a scheme
 * package reaching into another, a model module pulling in a CLI library through a transitive
 * dependency, or a class put in another module's package (an org.virtiosim.core class compiled in
 * testbenches sees everything). These rules can. This module is the one that sees every model
 * module on its class path, which is why they live here; regression-kit (org.virtiosim.kit) sits
 * above it and is not on this class path, so rules about kit can only say who must not use it.
 *
 * <p>Module rules are explicit noClasses() rules, one per module, rather than one
 * layeredArchitecture(): the failing test's name says which module's arrow broke, and an
 * org.virtiosim package nobody listed is forbidden to every existing module by default.
 */
@AnalyzeClasses(packages = "org.virtiosim", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest {
    /** Model modules: what a firmware designer embeds, as opposed to the CLI and reports on top. */
    private static final String[] MODEL = {"org.virtiosim.core..", "org.virtiosim.pcie..", "org.virtiosim.device..",
        "org.virtiosim.waveforms.."};

    private ArchitectureTest() {
    }

    // ---- Module arrows: each module may use only the org.virtiosim modules listed for it. ----

    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = module("core").mayOnlyUse();

    @ArchTest
    static final ArchRule pcieDependsOnlyOnCore = module("pcie").mayOnlyUse("core");

    @ArchTest
    static final ArchRule deviceDependsOnlyOnCoreAndPcie = module("device").mayOnlyUse("core", "pcie");

    @ArchTest
    static final ArchRule waveformsDependOnlyOnCore = module("waveforms").mayOnlyUse("core");

    /** Not on kit in particular: the regression kit wraps the testbench, not the other way round. */
    @ArchTest
    static final ArchRule testbenchDependsOnlyOnModelModulesNotOnKit =
            module("testbench").mayOnlyUse("core", "pcie", "device", "waveforms");

    // ---- No package cycles. ----

    /**
     * Every package is its own slice, sub-packages included: org.virtiosim.device and
     * org.virtiosim.device.config are two slices, and a parent that uses its child while the child
     * uses the parent is a cycle like any other. Main code passes this, the strictest form, so no
     * parent/child exemption is made. ArchUnit reads bytecode, where javac has inlined compile-time
     * constants: a use of, say, AddressMap.VF_BAR_BASE alone leaves no trace and can hide a cycle
     * in the source (one such was removed from device.config by hand).
     */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.virtiosim.(**)").should().beFreeOfCycles()
            .because("a package cycle means neither package can be understood, tested or moved without the other");

    // ---- Model code stays a library. ----

    /**
     * The model modules are what firmware designers embed in their own tests (through the
     * regression kit): they must not drag in the CLI, its progress bars or its charts.
     */
    @ArchTest
    static final ArchRule modelCodeDoesNotUseTheCliOrReports = noClasses().that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "picocli..", "org.jfree..", "me.tongfei.progressbar..",
                    "org.virtiosim.testbench.cli..", "org.virtiosim.testbench.report..")
            .because("model code (core, pcie, device, waveforms) is a library: the CLI and reports sit on top of it");

    // ---- Schemes are plug-ins. ----

    /** The study layer (testbenches: scenarios, Study, sweeps, baselines) is what the regression kit builds on. */
    @ArchTest
    static final ArchRule theStudyLayerDoesNotUseTheCliOrReports = noClasses().that().resideInAPackage("org.virtiosim.testbench..")
            .and().resideOutsideOfPackages("org.virtiosim.testbench.cli..", "org.virtiosim.testbench.report..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "picocli..", "org.jfree..", "me.tongfei.progressbar..", "org.virtiosim.testbench.cli..", "org.virtiosim.testbench.report..")
            .because("a firmware team's test classpath (the regression kit) has the study layer and neither picocli nor JFreeChart");

    /** Adding a fourth scheme is adding one package (DESIGN.md): no scheme may lean on another. */
    @ArchTest
    static final ArchRule schemePackagesAreIndependent = slices().matching("org.virtiosim.device.scheme.(*)..")
            .should().notDependOnEachOther()
            .because("each scheme package holds its whole device half and host half; shared parts belong in org.virtiosim.device");

    private static Module module(String name) {
        return new Module(name);
    }

    /** One module's top package, org.virtiosim.{@code name}, sub-packages included. */
    private record Module(String name) {
        private static String packages(String name) {
            return "org.virtiosim." + name + "..";
        }

        /**
         * Classes of this module may depend on this module, on the {@code allowed} ones and on
         * anything outside org.virtiosim; any other org.virtiosim package, listed or not, is a
         * wrong-way arrow.
         */
        ArchRule mayOnlyUse(String... allowed) {
            String[] ok = Stream.concat(Stream.of(name), Arrays.stream(allowed)).map(Module::packages).toArray(String[]::new);
            return noClasses().that().resideInAPackage(packages(name))
                    .should().dependOnClassesThat(resideInAPackage("org.virtiosim..").and(not(resideInAnyPackage(ok))))
                    .because("DESIGN.md \"Modules\": " + name + " may use "
                            + (allowed.length == 0 ? "no other org.virtiosim module" : "only " + String.join(", ", allowed)));
        }
    }
}
