// One sentence at a time, as plain matrices (T, d), stacked back into a batch.
NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask) {
    long d = k.getShape().get(2);
    NDList rows = new NDList();
    for (long b = 0; b < q.getShape().get(0); b++) {
        NDArray s = q.get(b).matMul(k.get(b).transpose()).div(Math.sqrt(d)).add(mask.get(b));
        rows.add(s.softmax(1).matMul(v.get(b)));
    }
    return NDArrays.stack(rows);
}
