package org.mlmlab.training;

/**
 * Where a run is, saved with every checkpoint. This is all the "random state" a resume needs:
 * batch order and masks are pure functions of (seed, epoch, batch index) and the model has no
 * dropout, so the next batch is batch {@code batchIndex} of {@code epoch}, exactly as in a run
 * that never stopped.
 *
 * @param step       updates done (the schedule's position, and Adam's t)
 * @param epoch      the current pass over the training data
 * @param batchIndex the next batch of that epoch
 * @param tokensSeen real (non-padding) tokens trained on
 * @param seconds    training time so far (evaluation and saving excluded)
 */
public record TrainingState(long step, long epoch, int batchIndex, long tokensSeen, double seconds) {
    public static TrainingState start() {
        return new TrainingState(0, 0, 0, 0, 0);
    }

    /** The state after one more batch of {@code tokens} tokens, taking {@code stepSeconds}. */
    TrainingState next(int batchesInEpoch, int tokens, double stepSeconds) {
        boolean epochDone = batchIndex + 1 >= batchesInEpoch;
        return new TrainingState(step + 1, epochDone ? epoch + 1 : epoch, epochDone ? 0 : batchIndex + 1,
                tokensSeen + tokens, seconds + stepSeconds);
    }
}
