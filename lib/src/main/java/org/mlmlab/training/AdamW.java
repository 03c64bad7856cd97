package org.mlmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import org.mlmlab.model.WeightFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization"), written out here because DJL's optimizers see parameters without their
 * names, so they cannot spare the ones that should not decay.
 * <p>
 * For every parameter w with gradient g, at step t:
 * <pre>
 *   m = beta1 m + (1 - beta1) g            running mean of the gradient
 *   v = beta2 v + (1 - beta2) g^2          running mean of its square
 *   w = w - lr * weightDecay * w           decay, apart from the gradient (only matrices, see below)
 *   w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * Weight decay pulls the weight matrices of attention and feed-forward towards 0. Norm weights,
 * biases and embeddings are left alone: decaying a norm's scale or a rare token's vector only
 * erases what little signal they get. Each parameter's update is one call to the engine's Adam
 * kernel, which works in place.
 */
public final class AdamW {
    /** The optimizer's settings; {@link #standard()} is a good start for small transformers. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        /** betas (0.9, 0.98): the shorter memory of the second moment suits transformer pretraining. */
        public static Settings standard() {
            return new Settings(0.9, 0.98, 1e-8, 0.01);
        }
    }

    /** The update kernel's per-element clip: negative turns it off (we clip the global norm instead). */
    private static final float NO_CLIPPING = -1f;

    private final Map<String, Parameter> parameters;
    private final Settings settings;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> squares = new LinkedHashMap<>();
    private long updates;

    public AdamW(Map<String, Parameter> parameters, Settings settings, NDManager manager) {
        this.parameters = parameters;
        this.settings = settings;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray w = e.getValue().getArray();
            means.put(e.getKey(), manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            squares.put(e.getKey(), manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    /** Whether weight decay applies: the weight matrices of layers and head, not norms, biases or embeddings. */
    public static boolean decays(String name) {
        return name.endsWith(".weight") && !name.startsWith("tok.") && !name.startsWith("pos.");
    }

    /**
     * One update of every parameter from its gradient times {@code gradientScale} (the clipping
     * factor, 1 when the gradient is not clipped), then clears the gradients for the next step.
     */
    public void step(double learningRate, double gradientScale) {
        updates++;
        double correction1 = 1 - Math.pow(settings.beta1(), updates);
        double correction2 = 1 - Math.pow(settings.beta2(), updates);
        // The engine's update kernel computes the formula above without a Java call per
        // arithmetic operation (measured on the lab model, 16 rows: 32-36 ms a step written out
        // op by op, 21 ms here). It takes the bias corrections folded into one step size,
        // lr sqrt(c2) / c1, and eps sqrt(c2) in place of eps, which is the same formula rearranged.
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        float epsilon = (float) (settings.epsilon() * Math.sqrt(correction2));
        // The scope frees the gradient handles: each getGradient() makes a new array object.
        try (NDScope ignored = new NDScope()) {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray w = e.getValue().getArray();
                float decay = decays(e.getKey()) ? (float) settings.weightDecay() : 0f;
                w.getNDArrayInternal().adamUpdate(new NDList(w, w.getGradient(), means.get(e.getKey()), squares.get(e.getKey())),
                        new NDList(w), (float) learningRate, stepSize, decay,
                        (float) gradientScale, NO_CLIPPING, (float) settings.beta1(), (float) settings.beta2(), epsilon, false, true);
            }
        }
        clearGradients();
    }

    /** Sets every gradient to 0 (PyTorch adds new gradients to the old ones). */
    public void clearGradients() {
        try (NDScope ignored = new NDScope()) {
            for (Parameter p : parameters.values()) {
                NDArray g = p.getArray().getGradient();
                g.subi(g);
            }
        }
    }

    /** Updates made so far (Adam's t). */
    public long updates() {
        return updates;
    }

    public Settings settings() {
        return settings;
    }

    /** Saves both moments of every parameter, so that a resumed run continues the same trajectory. */
    public void save(Path file) throws IOException {
        WeightFile.write(state(), file);
    }

    /** Restores the moments written by {@link #save} and the update count (kept in the training state). */
    public void load(Path file, long updatesSoFar, NDManager manager) throws IOException {
        WeightFile.readInto(state(), file, manager);
        this.updates = updatesSoFar;
    }

    private Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        means.forEach((name, m) -> state.put("m." + name, m));
        squares.forEach((name, v) -> state.put("v." + name, v));
        return state;
    }
}
