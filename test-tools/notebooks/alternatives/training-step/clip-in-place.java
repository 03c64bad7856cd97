// The gradients themselves clipped in place first (then the moments read them); the norm summed in double precision.
double trainingStep(MlmModel model, Batch batch, TrainingConfig config, double learningRate, long t,
                    Map<String, NDArray> m, Map<String, NDArray> v) {
    double b1 = config.adam().beta1(), b2 = config.adam().beta2(), eps = config.adam().epsilon(), wd = config.adam().weightDecay();
    Set<Parameter> decays = AdamW.decayedIn(model);
    double lossValue;
    try (NDScope outer = new NDScope()) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.forward(new ParameterStore(batch.manager(), false),
                    new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
            NDArray loss = MaskedLoss.crossEntropy(logits, batch.maskedLabels());
            collector.backward(loss);
            lossValue = loss.toType(DataType.FLOAT64, false).getDouble();
        }
        double sumOfSquares = 0;
        for (Parameter p : model.namedParameters().values()) {
            sumOfSquares += p.getArray().getGradient().toType(DataType.FLOAT64, false).pow(2).sum().getDouble();
        }
        double norm = Math.sqrt(sumOfSquares);
        for (String name : model.namedParameters().keySet()) {
            Parameter p = model.namedParameters().get(name);
            NDArray w = p.getArray();
            NDArray g = w.getGradient();
            if (norm > config.clipNorm()) {
                g.muli(config.clipNorm() / norm);
            }
            m.get(name).muli(b1).addi(g.mul(1 - b1));
            v.get(name).muli(b2).addi(g.square().mul(1 - b2));
            NDArray update = m.get(name).div(1 - Math.pow(b1, t)).div(v.get(name).div(1 - Math.pow(b2, t)).sqrt().add(eps));
            if (decays.contains(p)) {
                update = update.add(w.mul(wd));
            }
            w.subi(update.mul(learningRate));
            g.subi(g);
        }
    }
    return lossValue;
}
