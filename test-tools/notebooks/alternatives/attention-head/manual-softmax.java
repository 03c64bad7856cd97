// The queries scaled first; the softmax written out (minus each row's maximum, exp, divided by the sum).
NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask) {
    double scale = 1 / Math.sqrt(q.getShape().get(2));
    NDArray scores = q.mul(scale).matMul(k.transpose(0, 2, 1)).add(mask);
    NDArray e = scores.sub(scores.max(new int[] {2}, true)).exp();
    NDArray weights = e.div(e.sum(new int[] {2}, true));
    return weights.matMul(v);
}
