// Plain Java loops over the arrays' numbers, in double precision; the results made into arrays at the end.
NDArray classScores(NDArray hidden, NDArray segments, NDArray weight, NDArray bias) {
    int b = (int) hidden.getShape().get(0), t = (int) hidden.getShape().get(1), d = (int) hidden.getShape().get(2);
    int c = (int) weight.getShape().get(0);
    float[] h = hidden.toFloatArray(), w = weight.toFloatArray(), bi = bias.toFloatArray();
    int[] s = segments.toType(DataType.INT32, false).toIntArray();
    float[] out = new float[b * c];
    for (int row = 0; row < b; row++) {
        double[] mean = new double[d];
        int real = 0;
        for (int pos = 0; pos < t; pos++) {
            if (s[row * t + pos] != 0) {
                real++;
                for (int i = 0; i < d; i++) mean[i] += h[(row * t + pos) * d + i];
            }
        }
        for (int k = 0; k < c; k++) {
            double score = bi[k];
            for (int i = 0; i < d; i++) score += w[k * d + i] * mean[i] / real;
            out[row * c + k] = (float) score;
        }
    }
    return hidden.getManager().create(out, new Shape(b, c));
}

NDArray classLoss(NDArray scores, NDArray labels) {
    int b = (int) scores.getShape().get(0), c = (int) scores.getShape().get(1);
    float[] s = scores.toFloatArray();
    long[] y = labels.toType(DataType.INT64, false).toLongArray();
    double total = 0;
    for (int row = 0; row < b; row++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) max = Math.max(max, s[row * c + k]);
        double z = 0;
        for (int k = 0; k < c; k++) z += Math.exp(s[row * c + k] - max);
        total -= s[row * c + (int) y[row]] - max - Math.log(z);
    }
    return scores.getManager().create((float) (total / b));
}
