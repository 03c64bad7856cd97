// The logits at every position (no positions given to forward), the softmax over all tokens, then the special tokens zeroed and the rest renormalised.
NDArray maskProbabilities(String text) {
    long[] ids = tokenizer.encode(text).ids();
    int position = Arrays.stream(ids).boxed().toList().indexOf((long) vocab.maskId());
    NDArray all = model.forward(store, new NDList(manager.create(ids, new Shape(1, ids.length)),
            manager.ones(new Shape(1, ids.length), ai.djl.ndarray.types.DataType.INT32)), false).head();      // (1, T, V)
    NDArray p = all.get("0, " + position).softmax(-1);
    float[] real = new float[vocab.size()];
    for (int id = 0; id < real.length; id++) {
        real[id] = vocab.special()[id] ? 0 : 1;
    }
    NDArray kept = p.mul(manager.create(real));
    return kept.div(kept.sum());
}

List<Candidate> predictByHand(String text, int k) {
    float[] p = maskProbabilities(text).toFloatArray();
    return java.util.stream.IntStream.range(0, p.length).boxed().sorted((a, b) -> Float.compare(p[b], p[a])).limit(k)
            .map(id -> new Candidate(tokenizer.token(id), p[id])).toList();
}
