package org.mlmlab.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import org.mlmlab.Lab;

/** Builds models with the lab's initialisation: weights ~ N(0, 0.02), biases 0, norm weights 1. */
public final class ModelFactory {
    /** GPT-2 and BERT's initial weight scale. */
    public static final float INIT_STD = 0.02f;

    private ModelFactory() {
    }

    /** A new model with weights drawn from {@code seed}: the same seed gives the same weights. */
    public static MlmModel create(ModelConfig config, NDManager manager, long seed) {
        Lab.engine().setRandomSeed((int) seed);
        MlmModel model = new MlmModel(config);
        model.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        Shape shape = new Shape(1, config.maxLength());
        model.initialize(manager, DataType.FLOAT32, shape, shape);
        return model;
    }
}
