package org.mlmlab.bench;

import org.mlmlab.cli.OptionCheck;

import org.apache.commons.io.FileUtils;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.mlmlab.Preset;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ./lab bench quality}: held-out masked-token accuracy after the same minutes of training,
 * ours and the same recipe in plain PyTorch ({@link TorchRecipe}), from the same initial weights
 * on the same batches, evaluated on the same fixed masks every so many steps. The learning-rate
 * schedule follows each run's own training time, as {@code ./lab train} does with a timed budget,
 * so the faster implementation makes more steps in the same minutes, and that is the point.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Held-out masked-token accuracy after N minutes of training: ours and the same recipe in plain PyTorch "
                + "(test-tools/torch/mlm_recipe.py), same weights, batches and budget; both accuracy curves.")
final class QualityBench implements Callable<Integer> {
    @Mixin
    BenchPreset preset;

    @Option(names = "--minutes", defaultValue = "10", description = "Training minutes of each run. Default: ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--evaluate-every", defaultValue = "250", description = "Steps between evaluations. Default: ${DEFAULT-VALUE}.")
    int evaluateEvery;

    /** One point of an accuracy curve. */
    record Point(long step, double seconds, double accuracy) {
    }

    @Override
    public Integer call() throws Exception {
        OptionCheck.positive("--minutes", minutes, "10");
        OptionCheck.positive("--evaluate-every", evaluateEvery);
        Preset p = preset.announce();
        LessonFiles files = new LessonFiles(p);
        Path run = files.runDir("bench-quality");
        Path work = Files.createTempDirectory("bench-quality");   // what the reference reads: gone at the end
        try (Closeable cleanup = () -> FileUtils.deleteDirectory(work.toFile())) {
            List<Point> ours = new ArrayList<>();
            TorchRecipe reference;
            long oursTokens = 0;
            try (LabTokenizer tokenizer = files.tokenizer();
                 MlmTrainer trainer = MlmTrainer.create(run, ModelConfig.of(p, tokenizer.vocabSize()),
                         TrainingConfig.of(p).withMinutes(minutes).withEvaluateEvery(evaluateEvery).withCheckpointEvery(Integer.MAX_VALUE),
                         tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
                System.out.printf("%s minutes of training each, evaluated every %,d steps on %,d held-out sentences (fixed masks).%n"
                        + "Training:%n%s%n%n", minutes, evaluateEvery, trainer.data().validation().size(),
                        trainer.config().describe().lines().filter(line -> !line.startsWith("checkpoints"))   // this loop saves none
                                .map(line -> "  " + line).collect(Collectors.joining("\n")));
                reference = new TorchRecipe(trainer, work);
                System.out.println("mlm-lab (Java, DJL) ...");
                ours.add(point(trainer, trainer.evaluate()));
                while (!trainer.finished()) {
                    StepResult r = trainer.step();
                    oursTokens += r.tokens();
                    if (r.step() % evaluateEvery == 0 || trainer.finished()) {
                        ours.add(point(trainer, trainer.evaluate()));
                    }
                }
            }
            double oursSeconds = ours.get(ours.size() - 1).seconds();
            System.out.println("the same recipe in PyTorch ...");
            TorchRecipe.Result torch = reference.train(0, minutes * 60, 0, evaluateEvery, false);
            List<Point> theirs = torch.evaluations().stream().map(e -> new Point(e.step(), e.seconds(), e.accuracy())).toList();

            System.out.printf("%n%-33s   %s%n", "mlm-lab (Java, DJL)", "PyTorch " + torch.torchVersion() + ", same recipe");
            System.out.printf("%8s %10s %13s   %8s %10s %13s%n", "step", "train min", "accuracy", "step", "train min", "accuracy");
            for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
                System.out.printf("%s   %s%n", cells(ours, i), cells(theirs, i));
            }
            Point oursEnd = ours.get(ours.size() - 1);
            Point theirsEnd = theirs.get(theirs.size() - 1);
            System.out.printf("%nAfter %s minutes of training: held-out accuracy %.2f%% (mlm-lab, %,d steps, %,.0f tokens/s) against "
                            + "%.2f%% (PyTorch, %,d steps, %,.0f tokens/s).%n", minutes, 100 * oursEnd.accuracy(), oursEnd.step(),
                    oursTokens / oursSeconds, 100 * theirsEnd.accuracy(), theirsEnd.step(), torch.tokensPerSecond());
            Path png = run.resolve("accuracy.png");
            BitmapEncoder.saveBitmap(chart(ours, theirs), png.toString(), BitmapEncoder.BitmapFormat.PNG);
            System.out.println("Both curves: " + png);
        }
        return 0;
    }

    private static Point point(MlmTrainer trainer, Evaluation e) {
        return new Point(trainer.state().step(), trainer.state().seconds(), e.accuracy());
    }

    private static String cells(List<Point> curve, int i) {
        return i < curve.size() ? String.format("%,8d %10.2f %12.2f%%", curve.get(i).step(), curve.get(i).seconds() / 60,
                100 * curve.get(i).accuracy()) : " ".repeat(33);
    }

    private static XYChart chart(List<Point> ours, List<Point> theirs) {
        XYChart chart = new XYChartBuilder().width(820).height(420).title("Held-out masked-token accuracy, same recipe and budget")
                .xAxisTitle("training minutes").yAxisTitle("accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(5);
        chart.addSeries("mlm-lab (Java, DJL)", ours.stream().mapToDouble(q -> q.seconds() / 60).toArray(),
                ours.stream().mapToDouble(q -> 100 * q.accuracy()).toArray());
        chart.addSeries("PyTorch eager", theirs.stream().mapToDouble(q -> q.seconds() / 60).toArray(),
                theirs.stream().mapToDouble(q -> 100 * q.accuracy()).toArray());
        return chart;
    }
}
