// The Adam update first and the decay after it (from the weight before the update), the parameters walked with forEach.
double trainingStep(MlmModel model, Batch batch, TrainingConfig config, double learningRate, long t,
                    Map<String, NDArray> m, Map<String, NDArray> v) {
    AdamW.Settings a = config.adam();
    try (NDScope ignored = new NDScope()) {
        NDArray loss;
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray out = model.forward(new ParameterStore(batch.manager(), false),
                    new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
            loss = MaskedLoss.crossEntropy(out, batch.maskedLabels());
            c.backward(loss);
        }
        double squares = model.namedParameters().values().stream()
                .mapToDouble(p -> p.getArray().getGradient().square().sum().getFloat()).sum();
        double factor = Math.sqrt(squares) > config.clipNorm() ? config.clipNorm() / Math.sqrt(squares) : 1.0;
        Set<Parameter> decayed = AdamW.decayedIn(model);
        model.namedParameters().forEach((name, p) -> {
            NDArray w = p.getArray();
            NDArray g = w.getGradient().mul(factor);
            m.get(name).muli(a.beta1()).addi(g.mul(1 - a.beta1()));
            v.get(name).muli(a.beta2()).addi(g.square().mul(1 - a.beta2()));
            NDArray mHat = m.get(name).div(1 - Math.pow(a.beta1(), t));
            NDArray vHat = v.get(name).div(1 - Math.pow(a.beta2(), t));
            NDArray before = w.duplicate();
            w.subi(mHat.div(vHat.sqrt().add(a.epsilon())).mul(learningRate));
            if (decayed.contains(p)) {
                w.subi(before.mul(learningRate * a.weightDecay()));
            }
            w.getGradient().subi(w.getGradient());
        });
        return loss.getFloat();
    }
}
