// The mean as a weighted sum: each text's real tokens weigh 1/n, padding 0, and one batched matrix product pools;
// the loss from one-hot labels.
NDArray classScores(NDArray hidden, NDArray segments, NDArray weight, NDArray bias) {
    NDArray real = segments.gt(0).toType(DataType.FLOAT32, false);              // (B, T)
    NDArray share = real.div(real.sum(new int[] {1}, true)).expandDims(1);      // (B, 1, T)
    NDArray pooled = share.matMul(hidden).squeeze(1);                            // (B, D)
    return weight.matMul(pooled.transpose()).transpose().add(bias.expandDims(0));
}

NDArray classLoss(NDArray scores, NDArray labels) {
    NDArray oneHot = labels.toType(DataType.INT64, false).oneHot((int) scores.getShape().get(1));
    NDArray logP = scores.sub(scores.exp().sum(new int[] {1}, true).log());     // log softmax, written out
    return logP.mul(oneHot).sum().neg().div(scores.getShape().get(0));
}
