package org.mlmlab.lessons;

import org.mlmlab.Exercise;

import java.util.Map;

/**
 * The recipe of each exercise, for a student who is stuck: a failed check says what is wrong (and
 * the likely cause when it can tell), and names this as the last resort. The recipes live with
 * their checks.
 */
public final class Help {
    private static final Map<Exercise, String> RECIPES = Map.of(
            Exercise.CLEANING, DatasetChecks.CLEANING_RECIPE,
            Exercise.SPLIT, DatasetChecks.SPLIT_RECIPE,
            Exercise.MERGES, MergeCheck.RECIPE,
            Exercise.MASKING, MaskingCheck.RECIPE,
            Exercise.ATTENTION, AttentionCheck.RECIPE,
            Exercise.LOSS, LossCheck.RECIPE,
            Exercise.TRAINING_STEP, TrainingStepCheck.RECIPE,
            Exercise.PREDICTION, PredictionCheck.RECIPE,
            Exercise.RECOVERY, RecoveryCheck.RECIPE,
            Exercise.CLASSIFIER, ClassifierCheck.RECIPE);

    private Help() {
    }

    /** Prints the recipe of {@code exercise}: one way to write it, step by step. */
    public static void recipe(Exercise exercise) {
        System.out.println("One way to write " + exercise.description + ":\n" + RECIPES.get(exercise));
    }
}
