package org.mlmlab.training;

import org.mlmlab.Exercise;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;

import java.util.Collection;

/**
 * Clipping by global norm: if the gradient of all parameters together, seen as one long vector,
 * is longer than {@code maxNorm}, it is scaled down to that length. Its direction is kept, only
 * the step is shortened, which stops one unlucky batch from throwing the model far away.
 * (DJL's optClipGrad clamps each value from above only, which changes the direction and lets
 * large negative values through.)
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The global L2 norm of the parameters' gradients. */
    public static double globalNorm(Collection<Parameter> parameters) {
        Exercise.TRAINING_STEP.refuseDuringItsCheck("GradientClipping.globalNorm");
        try (NDScope ignored = new NDScope()) {
            NDList squares = new NDList(parameters.size());
            for (Parameter p : parameters) {
                squares.add(p.getArray().getGradient().square().sum());
            }
            NDArray total = NDArrays.stack(squares).sum();
            return Math.sqrt(total.getFloat());
        }
    }

    /** The factor to multiply gradients by: 1 when the norm is within bounds, maxNorm / norm otherwise. */
    public static double scale(double norm, double maxNorm) {
        return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1.0;
    }
}
