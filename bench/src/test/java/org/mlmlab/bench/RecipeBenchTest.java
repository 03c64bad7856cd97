package org.mlmlab.bench;

import org.junit.jupiter.api.Test;
import org.mlmlab.Preset;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.training.TrainingConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    @Test
    void aVariantsLeadIsTheMedianOfItsLeadsOverThePresetsRunOfTheSameSeed() {
        // Each seed scores on its own validation masks: compare within a seed, then take the median.
        Map<Integer, RecipeBench.Outcome> preset = Map.of(0, run("preset", 0, 0.20), 1, run("preset", 1, 0.30), 2, run("preset", 2, 0.25));
        RecipeBench.Summary s = RecipeBench.Summary.of(List.of(run("v", 0, 0.21), run("v", 1, 0.31), run("v", 2, 0.20)), preset);
        assertEquals(0.21, s.accuracy(), 1e-12);
        assertEquals(0.20, s.lowest(), 1e-12);
        assertEquals(0.31, s.highest(), 1e-12);
        assertEquals(0.01, s.lead(), 1e-12, "ahead in two seeds of three, not 4 points behind as the medians alone would say");
    }

    private static RecipeBench.Outcome run(String name, int round, double accuracy) {
        return new RecipeBench.Outcome(name, round, 100, accuracy, 5.0);
    }
}
