// Streams over the probe tokens: those in the band, then those recovered among them.
double bandAccuracy(RecoveryLog log, int[] rank, int from, int to, int i) {
    int[] labels = log.labels();
    int[] answers = log.snapshots().get(i).predicted();
    int[] band = java.util.stream.IntStream.range(0, labels.length).filter(t -> rank[labels[t]] >= from && rank[labels[t]] < to).toArray();
    long right = java.util.stream.IntStream.of(band).filter(t -> answers[t] == labels[t]).count();
    return right * 100.0 / band.length;
}
