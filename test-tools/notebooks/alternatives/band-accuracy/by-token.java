// Which tokens are in the band decided once per vocabulary id; then one pass over the probe.
double bandAccuracy(RecoveryLog log, int[] rank, int from, int to, int i) {
    boolean[] inBand = new boolean[rank.length];
    for (int id = 0; id < rank.length; id++) {
        inBand[id] = rank[id] >= from && rank[id] < to;
    }
    double tokens = 0, recovered = 0;
    int[] predicted = log.snapshots().get(i).predicted();
    for (int t = 0; t < log.labels().length; t++) {
        if (inBand[log.labels()[t]]) {
            tokens += 1;
            recovered += predicted[t] == log.labels()[t] ? 1 : 0;
        }
    }
    return recovered / tokens * 100;
}
