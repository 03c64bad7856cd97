package org.mlmlab.training;

import org.mlmlab.Exercise;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.mlmlab.model.WeightFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
 * Weight decay pulls the weight matrices of linear layers (attention, feed-forward, output head)
 * towards 0. Norm scales, biases and embedding tables are left alone: decaying a norm's scale or
 * a rare token's vector only erases what little signal they get. Which parameters decay is
 * decided by what they are ({@link #decayedIn}), never by their names.
 * <p>
 * {@link #step} makes one call per parameter to the engine's fused Adam kernel, which works in
 * place; {@link #stepByFormula} computes the same update one array operation at a time, exactly
 * as the formula reads: the reference the tests and lesson 5 compare with.
 */
public final class AdamW {
    /** The optimizer's settings; {@link #standard()} is a good start for small transformers. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        /** betas (0.9, 0.98): the shorter memory of the second moment suits transformer pretraining. */
        public static Settings standard() {
            return new Settings(0.9, 0.98, 1e-8, 0.01);
        }

        public Settings withWeightDecay(double decay) {
            return new Settings(beta1, beta2, epsilon, decay);
        }
    }

    /** The update kernel's per-element clip: negative turns it off (we clip the global norm instead). */
    private static final float NO_CLIPPING = -1f;

    private final Map<String, Parameter> parameters;
    private final Set<Parameter> decayed;
    private final Settings settings;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> squares = new LinkedHashMap<>();
    private long updates;

    /** An optimizer for {@code parameters} (by name); {@code decayed}: those weight decay applies to. */
    public AdamW(Map<String, Parameter> parameters, Set<Parameter> decayed, Settings settings, NDManager manager) {
        this.parameters = parameters;
        this.decayed = decayed;
        this.settings = settings;
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray w = e.getValue().getArray();
            means.put(e.getKey(), manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            squares.put(e.getKey(), manager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    /** A fresh optimizer state: one array of zeros per parameter of {@code model}, by name (for m or v). */
    public static Map<String, NDArray> freshMoments(org.mlmlab.model.MlmModel model, NDManager manager) {
        Map<String, NDArray> zeros = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> zeros.put(name, manager.zeros(p.getArray().getShape())));
        return zeros;
    }

    /**
     * The parameters weight decay applies to, decided by what they are: the weight matrices of
     * {@link Linear} layers. Embedding tables, norm scales (whatever the norm and its parameter
     * are called) and biases are not.
     */
    public static Set<Parameter> decayedIn(Block model) {
        Set<Parameter> decayed = Collections.newSetFromMap(new IdentityHashMap<>());
        collectDecayed(model, decayed);
        return decayed;
    }

    private static void collectDecayed(Block block, Set<Parameter> decayed) {
        if (block instanceof Linear) {
            block.getDirectParameters().values().stream().filter(p -> p.getType() == Parameter.Type.WEIGHT).forEach(decayed::add);
        }
        block.getChildren().values().forEach(child -> collectDecayed(child, decayed));
    }

    public boolean decays(Parameter parameter) {
        return decayed.contains(parameter);
    }

    /**
     * One update of every parameter from its gradient times {@code gradientScale} (the clipping
     * factor, 1 when the gradient is not clipped), then clears the gradients for the next step.
     */
    public void step(double learningRate, double gradientScale) {
        Exercise.TRAINING_STEP.refuseDuringItsCheck("AdamW.step");
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
                float decay = decays(e.getValue()) ? (float) settings.weightDecay() : 0f;
                w.getNDArrayInternal().adamUpdate(new NDList(w, w.getGradient(), means.get(e.getKey()), squares.get(e.getKey())),
                        new NDList(w), (float) learningRate, stepSize, decay,
                        (float) gradientScale, NO_CLIPPING, (float) settings.beta1(), (float) settings.beta2(), epsilon, false, true);
            }
        }
        clearGradients();
    }

    /**
     * The same update as {@link #step}, written as the formula reads, one array operation at a
     * time (about 14 engine calls per parameter instead of one: slower, and easy to check).
     */
    public void stepByFormula(double learningRate, double gradientScale) {
        Exercise.TRAINING_STEP.refuseDuringItsCheck("AdamW.stepByFormula");
        updates++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        try (NDScope ignored = new NDScope()) {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray g = w.getGradient().mul(gradientScale);
                NDArray m = means.get(e.getKey());
                NDArray v = squares.get(e.getKey());
                m.muli(b1).addi(g.mul(1 - b1));                       // m = b1 m + (1 - b1) g
                v.muli(b2).addi(g.square().mul(1 - b2));              // v = b2 v + (1 - b2) g^2
                NDArray mHat = m.div(1 - Math.pow(b1, updates));      // bias corrections: m and v start at 0
                NDArray vHat = v.div(1 - Math.pow(b2, updates));
                if (decays(e.getValue())) {
                    w.subi(w.mul(learningRate * settings.weightDecay()));   // decoupled decay
                }
                w.subi(mHat.div(vHat.sqrt().add(settings.epsilon())).mul(learningRate));
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
