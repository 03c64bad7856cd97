package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.mlmlab.AtomicWrite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
        Map<String, NDArray> named = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> named.put(name, p.getArray()));
        write(named, file);
    }

    /** Writes named arrays (parameters, or an optimizer's moments) to an .npz file, atomically. */
    public static void write(Map<String, NDArray> named, Path file) throws IOException {
        NDList arrays = new NDList();
        for (Map.Entry<String, NDArray> e : named.entrySet()) {
            NDArray array = e.getValue().duplicate();
            array.setName(e.getKey());
            arrays.add(array);
        }
        try {
            AtomicWrite.write(file, out -> arrays.encode(out, NDList.Encoding.NPZ));
        } finally {
            arrays.close();
        }
    }

    /** Copies every named array of the file into the model's parameters; names and shapes must match. */
    public static void load(MlmModel model, Path file, NDManager manager) throws IOException {
        Map<String, NDArray> targets = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> targets.put(name, p.getArray()));
        readInto(targets, file, manager);
    }

    /** Copies the arrays of an .npz file into {@code targets}, by name; every target must be there with its shape. */
    public static void readInto(Map<String, NDArray> targets, Path file, NDManager manager) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> byName = new HashMap<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (NDArray a : NDList.decode(scratch, in)) {
                    byName.put(a.getName(), a);
                }
            } catch (RuntimeException e) {
                throw new IOException(file + " is not a readable .npz file (" + e.getMessage() + ")", e);
            }
            for (Map.Entry<String, NDArray> e : targets.entrySet()) {
                NDArray source = byName.get(e.getKey());
                NDArray target = e.getValue();
                if (source == null || !source.getShape().equals(target.getShape())) {
                    throw new IOException(file + ": array " + e.getKey() + " is " + (source == null ? "missing"
                            : source.getShape() + ", expected " + target.getShape()));
                }
                overwrite(target, source);
            }
        }
    }

    /**
     * Gives {@code target} the values of {@code source} (same shape), in place. Not {@code NDArray.set(float[])}:
     * DJL runs that under a deprecated PyTorch guard, and PyTorch then prints a deprecation warning into the
     * log of every program and notebook that loads weights. Call it outside a gradient collector, as
     * PyTorch refuses in-place writes to parameters while it records.
     */
    static void overwrite(NDArray target, NDArray source) {
        String everyElement = String.join(",", Collections.nCopies(target.getShape().dimension(), ":"));
        target.set(new NDIndex(everyElement), source.toType(target.getDataType(), false));
    }
}
