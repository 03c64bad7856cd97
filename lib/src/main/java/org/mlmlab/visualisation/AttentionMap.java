package org.mlmlab.visualisation;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.MlmModel;
import org.mlmlab.tokenizer.LabTokenizer;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention weights as a heatmap: one row per query token (who looks), one column per key token
 * (who is looked at); darker means more weight. Keys the mask hides get exactly 0 and stay blank.
 */
public final class AttentionMap {
    private AttentionMap() {
    }

    /** {@code weights[query][key]}; {@code tokens} label both axes (positions are prefixed to keep repeated words apart). */
    public static HeatMapChart of(String title, float[][] weights, List<String> tokens) {
        int size = 180 + 26 * tokens.size();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.min(size + 120, 1100)).height(Math.min(size, 1000))
                .title(title).xAxisTitle("key (looked at)").yAxisTitle("query (looking)").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setRangeColors(new Color[] {new Color(255, 255, 255), new Color(59, 130, 246), new Color(30, 27, 75)});
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            labels.add(i + " " + tokens.get(i));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int q = 0; q < tokens.size(); q++) {
            for (int k = 0; k < tokens.size(); k++) {
                cells.add(new Number[] {k, tokens.size() - 1 - q, weights[q][k]});
            }
        }
        List<String> reversed = new ArrayList<>(labels);
        java.util.Collections.reverse(reversed);
        chart.addSeries("weight", labels, reversed, cells);
        return chart;
    }

    /** {@code weights}: a (T, T) array of one head's (or one layer's) weights for one sentence. */
    public static HeatMapChart of(String title, NDArray weights, List<String> tokens) {
        int t = (int) weights.getShape().get(0);
        float[] flat = weights.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float[][] grid = new float[t][t];
        for (int q = 0; q < t; q++) {
            System.arraycopy(flat, q * t, grid[q], 0, t);
        }
        return of(title, grid, tokens);
    }

    /**
     * One heatmap per layer for {@code sentence}: where each token looks, averaged over the
     * layer's heads, as the model computes it (its "keepAttention" output).
     */
    public static List<HeatMapChart> byLayer(MlmModel model, LabTokenizer tokenizer, String sentence, NDManager manager) {
        LabTokenizer.Encoded e = tokenizer.encode(sentence);
        int t = e.length();
        if (t == 0) {
            throw new IllegalArgumentException("the sentence is empty");
        }
        Vocabulary vocab = Vocabulary.of(tokenizer);
        MaskedSequence plain = MaskedSequence.hiding(e.intIds(), new int[0], vocab.maskId());
        List<HeatMapChart> charts = new ArrayList<>();
        try (NDScope ignored = new NDScope();
             Batch batch = Batch.of(List.of(plain), BatchLayout.longest(t), vocab.padId(), manager)) {
            PairList<String, Object> keep = new PairList<>();
            keep.add("keepAttention", true);
            NDList out = model.forward(new ParameterStore(manager, false), new NDList(batch.ids(), batch.segments()), false, keep);
            for (int layer = 1; layer < out.size(); layer++) {
                NDArray mean = out.get(layer).get(0).mean(new int[] {0});   // (T, T), heads averaged
                float[] flat = mean.toFloatArray();
                float[][] grid = new float[t][t];
                for (int q = 0; q < t; q++) {
                    System.arraycopy(flat, q * t, grid[q], 0, t);
                }
                charts.add(of("Layer " + layer + " (mean of " + model.config().heads() + " heads)", grid, List.of(e.tokens())));
            }
        }
        return charts;
    }
}
