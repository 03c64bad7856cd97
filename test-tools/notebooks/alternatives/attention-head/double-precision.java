// In double precision, the keys scaled instead of the scores, and the padded keys' weights zeroed by the mask's sign.
NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask) {
    NDArray q64 = q.toType(DataType.FLOAT64, false);
    NDArray k64 = k.toType(DataType.FLOAT64, false).div(Math.sqrt(k.getShape().get(2)));
    NDArray scores = q64.matMul(k64.transpose(0, 2, 1));
    NDArray allowed = mask.toType(DataType.FLOAT64, false).gte(0).toType(DataType.FLOAT64, false);   // 1 where a query may look
    NDArray e = scores.sub(scores.max(new int[] {2}, true)).exp().mul(allowed);
    NDArray weights = e.div(e.sum(new int[] {2}, true));
    return weights.matMul(v.toType(DataType.FLOAT64, false)).toType(DataType.FLOAT32, false);
}
