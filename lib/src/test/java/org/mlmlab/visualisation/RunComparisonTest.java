package org.mlmlab.visualisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.Preset;
import org.mlmlab.ToyModel;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.MetricsLog;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.RunRecord;
import org.mlmlab.training.TrainingConfig;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Two runs that differ in one setting, read back from their folders and drawn on the same axes. */
class RunComparisonTest {
    @Test
    void twoRunsSideBySide(@TempDir Path dir) {
        ToyModel.trainTokenizer(dir.resolve("tokenizer"), 200);
        Corpus.Split split = ToyCorpus.repeated(5).split(0.1, Preset.RANDOM_SEED);
        TrainingConfig base = TrainingConfig.of(Preset.TINY).withSteps(10).withBatchRows(4).withEvaluateEvery(5)
                .withLayout(BatchLayout.longest(Preset.MAX_LENGTH));
        Map<String, TrainingConfig> configs = new LinkedHashMap<>();
        configs.put("mask15", base);
        configs.put("mask40", base.withMasking(base.masking().withRate(0.4)));
        try (LabTokenizer tokenizer = LabTokenizer.load(dir.resolve("tokenizer"), Preset.MAX_LENGTH)) {
            for (Map.Entry<String, TrainingConfig> run : configs.entrySet()) {
                try (MlmTrainer trainer = MlmTrainer.create(dir.resolve(run.getKey()), ToyModel.tiny(tokenizer), run.getValue(), tokenizer,
                        split, MlmTrainer.IfRunExists.FAIL)) {
                    trainer.train(List.of(RecoveryRecorder.forRun(trainer)));
                }
            }
        }
        List<RunRecord> runs = configs.keySet().stream().map(name -> RunRecord.load(name, dir.resolve(name))).toList();
        assertEquals(0.4, runs.get(1).config().masking().rate(), "the run's own settings, read from its checkpoint");
        assertEquals(10, runs.get(0).state().step());
        Table table = RunRecord.table(runs);
        assertEquals(List.of("mask15", "mask40"), table.stringColumn("run").asList());
        assertEquals(List.of("15%", "40%"), table.stringColumn("masking").asList());
        assertEquals(2, runs.get(0).metrics().evaluations().size(), "evaluated at steps 5 and 10");

        Map<String, MetricsLog> metrics = new LinkedHashMap<>();
        Map<String, RecoveryLog> recovery = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            metrics.put(r.name(), r.metrics());
            recovery.put(r.name(), RecoveryLog.load(r.directory().resolve(RecoveryLog.FILE)));
        }
        assertEquals(List.of("mask15", "mask40"), List.copyOf(RunComparison.loss(metrics).getSeriesMap().keySet()));
        assertEquals(List.of("mask15", "mask40", "most-frequent-token baseline"),
                List.copyOf(RunComparison.accuracy(metrics).getSeriesMap().keySet()));
        long[] counts = new long[200];
        java.util.Arrays.fill(counts, 1);
        var bands = RunComparison.recoveryByBand(recovery, counts);
        assertFalse(bands.isEmpty());
        bands.forEach(chart -> assertEquals(2, chart.getSeriesMap().size(), "a line per run"));
        assertThrows(IllegalArgumentException.class, () -> RunRecord.load("none", dir.resolve("none")));
    }
}
