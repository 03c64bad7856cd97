package org.mlmlab.finetuning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.mlmlab.Lab;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The encoder with a classifier on top ({@link ClassifierHead}): ids and segments (B, T) in, one
 * score per class (B, C) out. Its encoder is either a pretrained masked language model (lesson 5's
 * run) or the same architecture with fresh random weights. <b>Fine-tuning</b> trains both the
 * encoder and the head; a <b>linear probe</b> freezes the encoder and trains the head alone, which
 * measures what the encoder's vectors already hold. The language model's own output head is not used.
 */
public final class TextClassifier extends AbstractBlock implements Classifier {
    private final MlmModel encoder;
    private final Linear head;
    private final int classes;
    private final boolean frozen;

    private TextClassifier(MlmModel encoder, int classes, boolean frozen) {
        this.encoder = addChildBlock("encoder", encoder);
        this.head = addChildBlock("head", Linear.builder().setUnits(classes).build());
        this.classes = classes;
        this.frozen = frozen;
    }

    /** A classifier for fine-tuning on {@code encoder}'s weights (they are trained further): its head drawn from {@code seed}. */
    public static TextClassifier on(MlmModel encoder, int classes, NDManager manager, long seed) {
        return create(encoder, classes, manager, seed, false);
    }

    /** A linear probe of {@code encoder}: its weights stay as they are, only the head (drawn from {@code seed}) learns. */
    public static TextClassifier probe(MlmModel encoder, int classes, NDManager manager, long seed) {
        return create(encoder, classes, manager, seed, true);
    }

    private static TextClassifier create(MlmModel encoder, int classes, NDManager manager, long seed, boolean frozen) {
        Lab.engine().setRandomSeed((int) seed);
        TextClassifier classifier = new TextClassifier(encoder, classes, frozen);
        classifier.head.setInitializer(new NormalInitializer(ModelFactory.INIT_STD), Parameter.Type.WEIGHT);
        classifier.head.initialize(manager, DataType.FLOAT32, new Shape(1, encoder.config().dim()));
        return classifier;
    }


    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray segments = inputs.get(1);
        NDArray hidden = encoder.encode(store, ids, segments, training, false).head();
        if (frozen) {
            hidden = hidden.stopGradient();   // backward ends at the head: the encoder is not trained, and not differentiated
        }
        NDArray weight = store.getValue(head.getParameters().get("weight"), ids.getDevice(), training);
        NDArray bias = store.getValue(head.getParameters().get("bias"), ids.getDevice(), training);
        return new NDList(ClassifierHead.scores(hidden, segments, weight, bias));
    }

    /** Both parts come initialised: the encoder pretrained or drawn by the factory, the head in {@link #on}. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    public MlmModel encoder() {
        return encoder;
    }

    /** What training changes: the head's parameters ({@code head.*}), and unless frozen the encoder's ({@code encoder.*}). */
    @Override
    public Map<String, Parameter> trainedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        if (!frozen) {
            encoder.encoderParameters().forEach((name, p) -> named.put("encoder." + name, p));
        }
        named.putAll(headParameters());
        return named;
    }

    /** The head's parameters by name ({@code head.weight}, {@code head.bias}): what a saved classifier adds to its encoder. */
    public Map<String, Parameter> headParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("head.weight", head.getParameters().get("weight"));
        named.put("head.bias", head.getParameters().get("bias"));
        return named;
    }

    @Override
    public int classes() {
        return classes;
    }
}
