// The sentence padded to 16 positions with [PAD] (segments 0 there), special tokens set to minus infinity with where().
NDArray maskProbabilities(String text) {
    long[] encoded = tokenizer.encode(text).ids();
    int width = Math.max(16, encoded.length);
    long[] ids = new long[width];
    int[] segments = new int[width];
    Arrays.fill(ids, vocab.padId());
    int position = 0;
    for (int i = 0; i < encoded.length; i++) {
        ids[i] = encoded[i];
        segments[i] = 1;
        if (encoded[i] == vocab.maskId()) {
            position = i;
        }
    }
    NDArray out = model.encode(store, manager.create(ids, new Shape(1, width)), manager.create(segments, new Shape(1, width)), false, false).head();
    NDArray scores = model.logits(store, out.get(":, " + position + ", :"), false).reshape(-1);
    boolean[] special = vocab.special();
    NDArray isSpecial = manager.create(special);
    NDArray minusInfinity = manager.full(scores.getShape(), Float.NEGATIVE_INFINITY);
    return NDArrays.where(isSpecial, minusInfinity, scores).softmax(-1);
}

List<Candidate> predictByHand(String text, int k) {
    NDArray p = maskProbabilities(text);
    NDArray order = p.argSort(-1, false).get("0:" + k);
    List<Candidate> out = new ArrayList<>();
    for (long id : order.toLongArray()) {
        out.add(new Candidate(tokenizer.token((int) id), p.getFloat(id)));
    }
    return out;
}
