// The head's scores copied out; the softmax over the real tokens in double precision; top-k with a priority queue.
NDArray maskProbabilities(String text) {
    long[] ids = tokenizer.encode(text).ids();
    int position = -1;
    for (int i = 0; i < ids.length; i++) {
        position = ids[i] == vocab.maskId() ? i : position;
    }
    int[] ones = new int[ids.length];
    Arrays.fill(ones, 1);
    NDArray vectors = model.encode(store, manager.create(ids, new Shape(1, ids.length)), manager.create(ones, new Shape(1, ids.length)),
            false, false).head();
    float[] scores = model.logits(store, vectors.get(":, " + position + ", :"), false).toFloatArray();
    double max = Double.NEGATIVE_INFINITY;
    for (int id = 0; id < scores.length; id++) {
        if (!vocab.special()[id]) {
            max = Math.max(max, scores[id]);
        }
    }
    double[] e = new double[scores.length];
    double sum = 0;
    for (int id = 0; id < scores.length; id++) {
        e[id] = vocab.special()[id] ? 0 : Math.exp(scores[id] - max);
        sum += e[id];
    }
    float[] p = new float[scores.length];
    for (int id = 0; id < p.length; id++) {
        p[id] = (float) (e[id] / sum);
    }
    return manager.create(p);
}

List<Candidate> predictByHand(String text, int k) {
    float[] p = maskProbabilities(text).toFloatArray();
    PriorityQueue<Integer> smallestFirst = new PriorityQueue<>((a, b) -> Float.compare(p[a], p[b]));
    for (int id = 0; id < p.length; id++) {
        smallestFirst.add(id);
        if (smallestFirst.size() > k) {
            smallestFirst.poll();
        }
    }
    LinkedList<Candidate> best = new LinkedList<>();
    while (!smallestFirst.isEmpty()) {
        int id = smallestFirst.poll();
        best.addFirst(new Candidate(tokenizer.token(id), p[id]));
    }
    return best;
}
