package org.mlmlab.corpus;

import org.mlmlab.Lab;
import org.mlmlab.Preset;

/**
 * Lesson 1's recipe, the one place it is written: load a corpus, clean it, keep at most
 * {@code maxTexts} texts, split them by the seed. The lesson runs it step by step to show each
 * one; later lessons (and the command line) run it whole when lesson 1's split is missing.
 *
 * @param corpus             a corpus name or file, as {@link Corpora#load} takes it
 * @param maxTexts           texts kept after cleaning (the preset's size)
 * @param validationFraction share of the texts held out for validation
 * @param seed               the shuffle before the split
 */
public record DatasetRecipe(String corpus, int maxTexts, double validationFraction, long seed) {

    /** The preset's recipe: the lab's corpus (MLM_LAB_CORPUS, else the default), the preset's size, 5% for validation, the lab's seed. */
    public static DatasetRecipe of(Preset preset) {
        return new DatasetRecipe(Lab.corpus(), preset.corpusTexts, Preset.VALIDATION_FRACTION, Preset.RANDOM_SEED);
    }

    public DatasetRecipe withCorpus(String name) {
        return new DatasetRecipe(name, maxTexts, validationFraction, seed);
    }

    public DatasetRecipe withValidationFraction(double fraction) {
        return new DatasetRecipe(corpus, maxTexts, fraction, seed);
    }

    public Corpus load() {
        return Corpora.load(corpus);
    }

    /** The cleaned texts, cut to {@code maxTexts}. */
    public Corpus clean(Corpus raw) {
        return new Corpus(raw.name(), TextCleaner.clean(raw.texts()).texts()).head(maxTexts);
    }

    public Corpus.Split split(Corpus clean) {
        return clean.split(validationFraction, seed);
    }

    /** The whole recipe: load, clean, split. */
    public Corpus.Split make() {
        return split(clean(load()));
    }
}
