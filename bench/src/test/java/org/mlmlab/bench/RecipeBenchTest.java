package org.mlmlab.bench;

import org.junit.jupiter.api.Test;
import org.mlmlab.Preset;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.training.TrainingConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipe benchmark's variants: each can be named in --only, and each is a real change of the preset's recipe. */
class RecipeBenchTest {
    @Test
    void everyVariantButThePresetChangesTheRecipeAndCanBeNamedInOnly() {
        Preset lab = Preset.LAB;
        TrainingConfig training = TrainingConfig.of(lab).withMinutes(4);
        ModelConfig model = ModelConfig.of(lab, lab.vocabSize);
        List<RecipeBench.Variant> variants = RecipeBench.variants(training, model, lab.vocabSize);

        Set<String> names = new HashSet<>();
        for (RecipeBench.Variant v : variants) {
            assertTrue(names.add(v.name()), "two variants are called " + v.name());
            assertFalse(v.name().contains(","), "--only splits at commas, so it could not name " + v.name());
            boolean changed = v.vocabSize() != 0 && v.vocabSize() != lab.vocabSize
                    || !v.model().apply(model).equals(model) || !v.training().apply(training).equals(training);
            assertEquals(!v.name().equals("preset"), changed, v.name());
        }
        assertEquals("preset", variants.get(0).name(), "the reference comes first");
        assertNotEquals(1, variants.size());
    }
}
