package org.mlmlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mlmlab.Lab;

/** The machine's float32 matrix-multiply rate: ./lab doctor's speed measurement, and the benches' peak. */
public final class MatmulRate {
    private MatmulRate() {
    }

    /** FLOP/s of 1024 x 1024 by 1024 x 1024 multiplies, all threads, from 20 of them. */
    public static double peak() {
        return measure(20);
    }

    /** The same rate from {@code repeats} multiplies (after 3 untimed): fewer make a quicker probe of the machine's speed. */
    public static double measure(int repeats) {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            int n = 1024;
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                NDArray c = a.matMul(b);
                c.getFloat(0, 0);   // wait for the result (matters on a GPU)
                c.close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return repeats * 2.0 * n * n * n / seconds;
        }
    }
}
