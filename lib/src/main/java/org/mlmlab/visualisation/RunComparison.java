package org.mlmlab.visualisation;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mlmlab.training.MetricsLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Several runs on the same axes, to see what a change did. Loss and accuracy are drawn against
 * minutes of training, which is fair to runs whose steps cost differently (another batch size,
 * another model); token recovery against steps, as it was recorded.
 */
public final class RunComparison {
    private RunComparison() {
    }

    /** The training loss of each run. */
    public static XYChart loss(Map<String, MetricsLog> runs) {
        return withRoom(overTime("Training loss", "loss (nats)", runs, MetricsLog::rows, MetricsLog.Row::trainLoss, false));
    }

    /**
     * The validation accuracy of each run (fixed 15% masks, so runs with other masking are
     * comparable), and the most-frequent-token baseline, the same for all of them.
     */
    public static XYChart accuracy(Map<String, MetricsLog> runs) {
        XYChart chart = overTime("Validation accuracy", "masked tokens recovered (%)", runs, MetricsLog::evaluations,
                r -> 100 * r.validationAccuracy(), true);
        runs.values().stream().map(MetricsLog::evaluations).filter(e -> !e.isEmpty()).findFirst().ifPresent(e -> {
            double baseline = 100 * e.get(0).baselineAccuracy();
            double end = runs.values().stream().flatMap(m -> m.rows().stream()).mapToDouble(r -> r.seconds() / timeUnit(runs)).max().orElse(1);
            XYSeries line = chart.addSeries("most-frequent-token baseline", new double[] {0, end}, new double[] {baseline, baseline});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(TrainingCurves.DASHED);
        });
        chart.getStyler().setYAxisMin(0.0);   // a share: from 0, so that the axis gets readable labels however close the runs are
        return withRoom(chart);
    }

    /** Seconds per unit of the time axis: runs of under half a minute (the tiny preset) in seconds, for axis labels other than .0005, .001, ... */
    private static double timeUnit(Map<String, MetricsLog> runs) {
        double longest = runs.values().stream().flatMap(m -> m.rows().stream()).mapToDouble(MetricsLog.Row::seconds).max().orElse(0);
        return longest < 30 ? 1 : 60;
    }

    private static XYChart overTime(String title, String yTitle, Map<String, MetricsLog> runs,
                                    Function<MetricsLog, List<MetricsLog.Row>> rows,
                                    ToDoubleFunction<MetricsLog.Row> value, boolean markers) {
        double unit = timeUnit(runs);
        XYChart chart = new XYChartBuilder().width(820).height(380).title(title)
                .xAxisTitle(unit == 1 ? "seconds of training" : "minutes of training").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(5);
        chart.getStyler().setXAxisDecimalPattern("0.#").setYAxisDecimalPattern("0.##");
        for (Map.Entry<String, MetricsLog> run : runs.entrySet()) {
            List<MetricsLog.Row> points = rows.apply(run.getValue());
            if (points.isEmpty()) {
                continue;   // XChart cannot draw an empty series
            }
            chart.addSeries(run.getKey(), points.stream().mapToDouble(r -> r.seconds() / unit).toArray(),
                    points.stream().mapToDouble(value).toArray()).setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Every point of the chart at one value: XChart's axis would have a single label, that value in full. Give it room. */
    private static XYChart withRoom(XYChart chart) {
        double[] values = chart.getSeriesMap().values().stream().flatMapToDouble(series -> java.util.Arrays.stream(series.getYData()))
                .filter(Double::isFinite).toArray();
        double low = java.util.Arrays.stream(values).min().orElse(0);
        double high = java.util.Arrays.stream(values).max().orElse(0);
        if (values.length > 0 && high - low < 1e-9) {
            chart.getStyler().setYAxisMin(chart.getStyler().getYAxisMin() != null ? chart.getStyler().getYAxisMin() : low - 1).setYAxisMax(high + 1);
        }
        return chart;
    }

    /** One chart per frequency band: the probe's accuracy in that band against step, a line per run. */
    public static List<XYChart> recoveryByBand(Map<String, RecoveryLog> runs, long[] tokenCounts) {
        int[] rank = RecoveryPictures.frequencyRanks(tokenCounts);
        List<XYChart> charts = new ArrayList<>();
        for (RecoveryPictures.Band band : RecoveryPictures.BANDS) {
            XYChart chart = new XYChartBuilder().width(820).height(340).title("Recovered: " + band.name()).xAxisTitle("training step")
                    .yAxisTitle("probe tokens recovered (%)").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);   // inside, it covered the top curve
            chart.getStyler().setYAxisMin(0.0);
            for (Map.Entry<String, RecoveryLog> run : runs.entrySet()) {
                RecoveryLog log = run.getValue();
                IntPredicate inBand = t -> rank[log.labels()[t]] >= band.from() && rank[log.labels()[t]] < band.to();
                if (IntStream.range(0, log.labels().length).noneMatch(inBand)) {
                    continue;
                }
                double[] steps = log.snapshots().stream().mapToDouble(RecoveryLog.Snapshot::step).toArray();
                double[] accuracy = IntStream.range(0, steps.length).mapToDouble(i -> 100 * log.accuracy(i, inBand)).toArray();
                chart.addSeries(run.getKey(), steps, accuracy).setMarker(SeriesMarkers.NONE);
            }
            if (!chart.getSeriesMap().isEmpty()) {
                charts.add(chart);
            }
        }
        return charts;
    }
}
