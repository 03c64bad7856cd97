// The average of 0s and 1s (recovered or not) over the band's tokens, times 100.
double bandAccuracy(RecoveryLog log, int[] rank, int from, int to, int i) {
    List<Double> hits = new ArrayList<>();
    for (int t = 0; t < log.labels().length; t++) {
        int r = rank[log.labels()[t]];
        if (from <= r && r < to) {
            hits.add(log.snapshots().get(i).predicted()[t] == log.labels()[t] ? 1.0 : 0.0);
        }
    }
    return 100 * hits.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
}
