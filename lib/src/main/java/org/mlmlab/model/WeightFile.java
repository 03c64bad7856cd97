package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.mlmlab.AtomicWrite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Weights in a format any framework reads: a NumPy {@code .npz} file holding one float32 array
 * per parameter, named as in PyTorch ({@code tok.weight}, {@code layers.0.qkv.weight},
 * {@code layers.0.n1.w}, {@code head.bias}, ...; see {@link MlmModel#namedParameters()}).
 * Linear weights are (out, in), as in PyTorch, so {@code torch.from_numpy} loads them as they are.
 */
public final class WeightFile {
    private WeightFile() {
    }

    public static void save(MlmModel model, Path file) throws IOException {
        NDList arrays = new NDList();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray array = e.getValue().getArray().duplicate();
            array.setName(e.getKey());
            arrays.add(array);
        }
        AtomicWrite.write(file, out -> arrays.encode(out, NDList.Encoding.NPZ));
        arrays.close();
    }

    /** Copies every named array of the file into the model's parameters; names and shapes must match. */
    public static void load(MlmModel model, Path file, NDManager manager) throws IOException {
        Map<String, NDArray> byName = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (NDArray a : NDList.decode(manager, in)) {
                byName.put(a.getName(), a);
            }
        }
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray source = byName.get(e.getKey());
            NDArray target = e.getValue().getArray();
            if (source == null || !source.getShape().equals(target.getShape())) {
                throw new IOException(file + ": parameter " + e.getKey() + " is " + (source == null ? "missing"
                        : source.getShape() + ", the model needs " + target.getShape()));
            }
            target.set(source.toType(target.getDataType(), false).toFloatArray());
        }
    }
}
