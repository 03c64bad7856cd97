// PyTorch's arrangement: the bias corrections folded into one step size; decay as a multiplication; the norm from one concatenated vector.
double trainingStep(MlmModel model, Batch batch, TrainingConfig config, double learningRate, long t,
                    Map<String, NDArray> m, Map<String, NDArray> v) {
    AdamW.Settings adam = config.adam();
    Set<Parameter> decays = AdamW.decayedIn(model);
    try (NDScope scope = new NDScope()) {
        GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDArray logits = model.forward(new ParameterStore(batch.manager(), false),
                new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
        NDArray loss = logits.logSoftmax(-1).gather(batch.maskedLabels().toType(DataType.INT64, false).reshape(-1, 1), 1).mean().neg();
        collector.backward(loss);
        collector.close();
        NDList flat = new NDList();
        model.namedParameters().values().forEach(p -> flat.add(p.getArray().getGradient().reshape(-1)));
        double norm = NDArrays.concat(flat).norm().getFloat();
        double clip = Math.min(1, config.clipNorm() / norm);
        double c1 = 1 - Math.pow(adam.beta1(), t);
        double c2 = 1 - Math.pow(adam.beta2(), t);
        double stepSize = learningRate * Math.sqrt(c2) / c1;
        for (var e : model.namedParameters().entrySet()) {
            NDArray w = e.getValue().getArray();
            NDArray g = w.getGradient().mul(clip);
            m.get(e.getKey()).muli(adam.beta1()).addi(g.mul(1 - adam.beta1()));
            v.get(e.getKey()).muli(adam.beta2()).addi(g.mul(g).mul(1 - adam.beta2()));
            if (decays.contains(e.getValue())) {
                w.muli(1 - learningRate * adam.weightDecay());
            }
            w.subi(m.get(e.getKey()).div(v.get(e.getKey()).sqrt().add(adam.epsilon() * Math.sqrt(c2))).mul(stepSize));
            w.getGradient().muli(0);
        }
        return loss.getFloat();
    }
}
