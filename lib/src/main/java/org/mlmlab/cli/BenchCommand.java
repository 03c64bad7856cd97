package org.mlmlab.cli;

import com.google.gson.JsonParser;
import org.mlmlab.Lab;
import org.mlmlab.corpus.Corpora;
import org.mlmlab.tokenizer.BertNormalizer;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code ./lab bench ...}: benchmarks that print figures (never part of the tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, side by side with reference implementations.",
        subcommands = {BenchCommand.Tokenizer.class, TrainBench.class, SoakBench.class, RepeatBench.class, ProfileBench.class, QualityBench.class})
final class BenchCommand {

    @Command(name = "tokenizer", mixinStandardHelpOptions = true,
            description = "Train a 30,000-token WordPiece vocabulary on the default corpus with our trainer and with "
                    + "HuggingFace's Rust trainer (npm tokenizers, test-tools/hf-tokenizers), same file and settings; "
                    + "then encode the corpus through DJL.")
    static final class Tokenizer implements Callable<Integer> {
        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs of each trainer. Default: ${DEFAULT-VALUE}.")
        int repeats;

        @Option(names = "--vocab-size", defaultValue = "30000", description = "Default: ${DEFAULT-VALUE}.")
        int vocabSize;

        @Override
        public Integer call() throws Exception {
            Corpora.load(Corpora.DEFAULT); // fetches it if needed
            Path corpus = Lab.dataDir().resolve("nlp-corpus").resolve("sentences.txt");
            Path work = Files.createTempDirectory("bench-tokenizer");
            // HF's Node binding trains with the model's default trainer: no specials, no minimum
            // frequency, no alphabet limit. Ours runs with exactly those settings.
            WordPieceTrainer.Config settings = new WordPieceTrainer.Config(vocabSize, 0, WordPieceTrainer.NO_LIMIT,
                    List.of(), BertNormalizer.uncased(), "##");
            Path template = work.resolve("template.json");
            Files.writeString(template, TokenizerFiles.toJson(WordPieceTrainer.train(List.of("x"),
                    settings.withSpecialTokens(List.of("[UNK]")))));
            System.out.printf("Corpus: %s (%,d bytes), vocabulary %,d, %d cores%n", corpus, Files.size(corpus), vocabSize,
                    Runtime.getRuntime().availableProcessors());

            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            double cold = trainOurs(corpus, settings);
            for (int i = 0; i < repeats; i++) {
                theirs.add(trainHuggingFace(template, corpus, work.resolve("hf.json")));
                ours.add(trainOurs(corpus, settings));
            }
            double oursMedian = median(ours);
            double theirsMedian = median(theirs);
            System.out.printf("%-34s %s%n", "trainer", "seconds per run (median of " + repeats + ")");
            System.out.printf("%-34s %.2f  (runs: %s; first run in a cold JVM: %.2f)%n", "mlm-lab WordPieceTrainer (Java)",
                    oursMedian, format(ours), cold);
            System.out.printf("%-34s %.2f  (runs: %s)%n", "HuggingFace tokenizers (Rust)", theirsMedian, format(theirs));
            System.out.printf("ratio HuggingFace / mlm-lab: %.2fx (above 1: ours is faster)%n", theirsMedian / oursMedian);

            encodeThroughput(corpus, work);
            return 0;
        }

        private static double trainOurs(Path corpus, WordPieceTrainer.Config settings) throws IOException {
            long start = System.nanoTime();
            List<String> texts = Files.readAllLines(corpus); // HF reads the file too: count it on both sides
            WordPieceTrainer.train(texts, settings);
            return (System.nanoTime() - start) / 1e9;
        }

        private static double trainHuggingFace(Path template, Path corpus, Path out) throws Exception {
            Path tools = Lab.home().resolve("test-tools").resolve("hf-tokenizers");
            if (!Files.isDirectory(tools.resolve("node_modules").resolve("tokenizers"))) {
                throw new IllegalStateException("HuggingFace's tokenizers are not installed: cd " + tools + " && npm ci");
            }
            Path log = Files.createTempFile("hf", ".out");
            Process node = new ProcessBuilder("node", tools.resolve("hf.js").toString(), "train", template.toString(),
                    corpus.toString(), out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!node.waitFor(10, TimeUnit.MINUTES) || node.exitValue() != 0) {
                throw new IllegalStateException("HuggingFace trainer failed: " + Files.readString(log));
            }
            List<String> lines = Files.readAllLines(log);
            return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().get("seconds").getAsDouble();
        }

        private void encodeThroughput(Path corpus, Path work) throws IOException {
            List<String> texts = Files.readAllLines(corpus);
            TokenizerFiles.save(WordPieceTrainer.train(texts, WordPieceTrainer.Config.defaults().withVocabSize(vocabSize)), work);
            try (LabTokenizer tokenizer = LabTokenizer.load(work, 512)) {
                tokenizer.encode(texts.subList(0, 1000)); // warm up
                long start = System.nanoTime();
                long tokens = 0;
                for (LabTokenizer.Encoded e : tokenizer.encode(texts)) {
                    tokens += e.length();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("DJL HuggingFaceTokenizer encoding of the whole corpus: %,d texts, %,d tokens in %.2f s = %,.0f tokens/s%n",
                        texts.size(), tokens, seconds, tokens / seconds);
            }
        }

        private static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        private static String format(List<Double> values) {
            return String.join(", ", values.stream().map(v -> String.format("%.2f", v)).toList());
        }
    }
}
