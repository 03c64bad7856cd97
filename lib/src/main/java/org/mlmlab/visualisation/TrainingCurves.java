package org.mlmlab.visualisation;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mlmlab.training.LearningRateSchedule;
import org.mlmlab.training.TrainingBudget;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.MetricsLog;

import java.awt.BasicStroke;
import java.util.List;

/** Charts of a run: loss and accuracy against steps, and the learning-rate schedule. */
public final class TrainingCurves {
    /** The baseline's line: dashed, so it reads as a reference rather than a result. */
    static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    private TrainingCurves() {
    }

    /**
     * Training loss (line) and validation loss (dots) on the left axis; validation accuracy and the
     * most-frequent-token baseline, in percent, on the right.
     */
    public static XYChart chart(MetricsLog log) {
        XYChart chart = new XYChartBuilder().width(820).height(380).title("Masked-token loss and accuracy")
                .xAxisTitle("step").yAxisTitle("loss (nats)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(5);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(1, "accuracy (%)");
        List<MetricsLog.Row> rows = log.rows();
        List<MetricsLog.Row> evaluated = log.evaluations();
        if (rows.isEmpty()) {   // XChart cannot draw an empty series: an invisible point, and the title says why it is empty
            chart.setTitle("Masked-token loss and accuracy (the first steps are on their way)");
            XYSeries nothing = chart.addSeries("train loss", new double[] {0}, new double[] {Double.NaN});
            nothing.setMarker(SeriesMarkers.NONE);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(10.0);
            return chart;
        }
        chart.addSeries("train loss", rows.stream().mapToDouble(MetricsLog.Row::step).toArray(),
                rows.stream().mapToDouble(MetricsLog.Row::trainLoss).toArray()).setMarker(SeriesMarkers.NONE);
        if (!evaluated.isEmpty()) {
            double[] steps = evaluated.stream().mapToDouble(MetricsLog.Row::step).toArray();
            chart.addSeries("validation loss", steps, evaluated.stream().mapToDouble(MetricsLog.Row::validationLoss).toArray())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            XYSeries accuracy = chart.addSeries("validation accuracy", steps,
                    evaluated.stream().mapToDouble(r -> 100 * r.validationAccuracy()).toArray());
            accuracy.setYAxisGroup(1);
            XYSeries baseline = chart.addSeries("most-frequent-token baseline", steps,
                    evaluated.stream().mapToDouble(r -> 100 * r.baselineAccuracy()).toArray());
            baseline.setYAxisGroup(1);
            baseline.setMarker(SeriesMarkers.NONE);
            baseline.setLineStyle(DASHED);
        }
        return chart;
    }

    /** The learning rate over a run's budget: against steps, or minutes of training for a timed run. */
    public static XYChart schedule(TrainingConfig config) {
        TrainingBudget budget = config.budget();
        LearningRateSchedule schedule = config.schedule();
        double end = budget.timed() ? budget.minutes() : budget.steps();
        int points = 500;
        double[] x = new double[points];
        double[] rates = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = end * i / (points - 1);
            rates[i] = schedule.at((double) i / (points - 1));
        }
        XYChart chart = new XYChartBuilder().width(700).height(300).title("Learning rate: linear warmup, then " + schedule.decay().title)
                .xAxisTitle(budget.timed() ? "minutes of training" : "step").yAxisTitle("learning rate").build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(0);
        chart.addSeries("learning rate", x, rates).setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
