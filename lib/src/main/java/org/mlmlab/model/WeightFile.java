package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.mlmlab.AtomicWrite;
import org.mlmlab.SmallFile;

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
        checkHeaders(targets, file);
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

    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("'shape':\\s*\\(([0-9,\\s]*)\\)");

    /**
     * Each array's numpy header, checked against what it must hold before anything is decoded: the
     * decoder allocates what a header declares, so a damaged or crafted header declaring a huge shape
     * would exhaust memory instead of failing. Only a regular file is read.
     */
    static void checkHeaders(Map<String, NDArray> targets, Path file) throws IOException {
        SmallFile.check(file, Long.MAX_VALUE);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (Map.Entry<String, NDArray> target : targets.entrySet()) {
                java.util.zip.ZipEntry entry = zip.getEntry(target.getKey() + ".npy");
                if (entry == null) {
                    throw new IOException(file + ": array " + target.getKey() + " is missing");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] start = in.readNBytes(12);
                    if (start.length < 10 || (start[0] & 0xff) != 0x93 || !new String(start, 1, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("NUMPY")) {
                        throw new IOException(file + ": array " + target.getKey() + " is not in numpy's format");
                    }
                    int length = start[6] == 1 ? (start[8] & 0xff) | (start[9] & 0xff) << 8
                            : (start[8] & 0xff) | (start[9] & 0xff) << 8 | (start[10] & 0xff) << 16 | (start[11] & 0xff) << 24;
                    int read = start[6] == 1 ? 10 : 12;
                    if (length < 0 || length > 65_536) {
                        throw new IOException(file + ": array " + target.getKey() + " has a damaged header");
                    }
                    String header = new String(start, read, start.length - read, java.nio.charset.StandardCharsets.ISO_8859_1)
                            + new String(in.readNBytes(length - (start.length - read)), java.nio.charset.StandardCharsets.ISO_8859_1);
                    java.util.regex.Matcher shape = SHAPE.matcher(header);
                    String expected = java.util.Arrays.stream(target.getValue().getShape().getShape()).mapToObj(Long::toString)
                            .collect(java.util.stream.Collectors.joining(","));
                    if (!shape.find() || !shape.group(1).replaceAll("[\\s]", "").replaceAll(",$", "").equals(expected)) {
                        throw new IOException(file + ": array " + target.getKey() + " is " + (shape.find(0) ? "(" + SmallFile.brief(shape.group(1)) + ")" : "of no readable shape")
                                + ", expected " + target.getValue().getShape());
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not a readable .npz file (" + SmallFile.brief(e.getMessage()) + ")", e);
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
