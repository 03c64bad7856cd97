package org.mlmlab;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The library's packages are layers in lesson order, and every dependency points down: a
 * package may use the ones below it, never one above. Read bottom to top it is the course.
 */
class LayersTest {
    /** Bottom first: the lab's base (engine, presets, files) and notebook display, then the lessons in order. */
    static final List<String> LAYERS = List.of(
            "org.mlmlab", "org.mlmlab.notebook",
            "org.mlmlab.corpus", "org.mlmlab.tokenizer", "org.mlmlab.masking", "org.mlmlab.model",
            "org.mlmlab.training", "org.mlmlab.prediction", "org.mlmlab.visualisation", "org.mlmlab.finetuning",
            "org.mlmlab.lessons", "org.mlmlab.cli");

    /** The two base packages sit side by side; each must still not use the other. */
    static final int BASE = 2;

    static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mlmlab");

    @Test
    void everyDependencyPointsDownTheLessons() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String pkg : LAYERS) {
            layers = layers.layer(pkg).definedBy(pkg);
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            List<String> above = LAYERS.subList(Math.max(i + 1, BASE), LAYERS.size());
            layers = layers.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        layers = layers.whereLayer(LAYERS.get(LAYERS.size() - 1)).mayNotBeAccessedByAnyLayer();
        layers.check(LIBRARY);
    }
}
