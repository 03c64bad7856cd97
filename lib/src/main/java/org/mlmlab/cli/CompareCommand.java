package org.mlmlab.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.mlmlab.AtomicWrite;
import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.masking.TokenSequences;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.MetricsLog;
import org.mlmlab.training.RunRecord;
import org.mlmlab.training.TrainingData;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RunComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./lab compare A B ...}: runs side by side, as a table and as overlaid charts. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Put runs of a preset side by side: their settings and last scores as a table, and their loss, validation "
                + "accuracy and token recovery by frequency band as overlaid charts (PNG).")
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "tiny, lab, seed or gpu. Default: MLM_LAB_PRESET, else lab.")
    String preset;

    @Option(names = "--out", description = "Folder for the charts. Default: data/runs/PRESET/comparisons/A-vs-B.")
    Path out;

    @Parameters(arity = "2..*", paramLabel = "RUN", description = "The runs' names (./lab runs lists them).")
    List<String> names;

    @Override
    public Integer call() throws IOException {
        Preset p = preset == null ? Lab.preset() : Preset.named(preset);
        LessonFiles files = new LessonFiles(p);
        List<RunRecord> runs = names.stream().map(n -> RunRecord.load(n, files.runDir(n))).toList();
        System.out.println(RunRecord.table(runs).printAll());
        Path folder = out != null ? out : files.directory().resolve("comparisons").resolve(String.join("-vs-", names));
        Map<String, MetricsLog> metrics = new LinkedHashMap<>();
        Map<String, RecoveryLog> recovery = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            metrics.put(run.name(), run.metrics());
            Path record = run.directory().resolve(RecoveryLog.FILE);
            if (Files.isRegularFile(record)) {
                recovery.put(run.name(), RecoveryLog.load(record));
            }
        }
        save(RunComparison.loss(metrics), folder.resolve("loss.png"));
        save(RunComparison.accuracy(metrics), folder.resolve("accuracy.png"));
        int written = 2;
        if (!recovery.isEmpty()) {
            long[] counts;
            try (LabTokenizer tokenizer = files.tokenizer()) {
                counts = TrainingData.countTokens(TokenSequences.encode(tokenizer, files.split().train().texts()), tokenizer.vocabSize());
            }
            List<XYChart> bands = RunComparison.recoveryByBand(recovery, counts);
            for (int i = 0; i < bands.size(); i++) {
                save(bands.get(i), folder.resolve("recovery-band-" + (i + 1) + ".png"));
            }
            written += bands.size();
        }
        System.out.printf("%d charts in %s%n", written, folder.toAbsolutePath());
        return 0;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicWrite.write(file, stream -> stream.write(png));
    }
}
