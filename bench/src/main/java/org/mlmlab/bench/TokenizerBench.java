package org.mlmlab.bench;

import org.mlmlab.cli.LabAllocator;
import org.mlmlab.cli.OptionCheck;

import com.google.gson.JsonParser;
import org.apache.commons.io.FileUtils;
import org.mlmlab.Lab;
import org.mlmlab.ResidentMemory;
import org.mlmlab.corpus.Corpora;
import org.mlmlab.tokenizer.BertNormalizer;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * {@code ./lab bench tokenizer}: our WordPiece trainer against HuggingFace's Rust trainer, each as a whole process a
 * user would start: ours is {@code ./lab tokenizer train} (the script, then a fresh JVM that reads the corpus, cleans
 * it, trains and writes tokenizer.json), theirs is Python's {@code tokenizers} from pip (test-tools/hf-tokenizers/
 * hf_train.py, in the benchmarks' venv), both with HuggingFace's default trainer settings at the same vocabulary size.
 * Wall time and peak resident memory are taken from outside, the same way for both; the runs alternate.
 */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Our WordPiece trainer and HuggingFace's Rust trainer (Python tokenizers from pip), each a whole process "
                + "(start, read, train, write tokenizer.json), at 8,000 and 30,000 tokens, on corpora of 2 to 55 MB made from "
                + "the default one; then DJL's encoding throughput.")
final class TokenizerBench implements Callable<Integer> {
    static final int[] VOCABULARIES = {8_000, 30_000};

    @Option(names = "--repeats", defaultValue = "3", description = "Runs of each trainer per cell (the median is shown). Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--sizes", defaultValue = "2,5,9,20,55", split = ",",
            description = "Corpus sizes in MB: prefixes of the default corpus in several variants. Default: ${DEFAULT-VALUE}.")
    List<Integer> sizesMb;

    /** One finished process: its wall time and its peak resident memory. */
    record Measured(double seconds, double peakMb) {
    }

    /** The medians of one trainer's runs on one corpus, and the vocabulary of its last run. */
    record Cell(double seconds, double peakMb, Set<String> vocabulary, boolean sameIdsEveryRun) {
    }

    /** Both trainers on one corpus and vocabulary size, and the ratio of each turn's two times (ours / theirs). */
    record Turns(Cell ours, Cell theirs, List<Double> ratios) {
    }

    @Override
    public Integer call() throws Exception {
        OptionCheck.positive("--repeats", repeats);
        sizesMb.forEach(mb -> OptionCheck.positive("--sizes", mb));
        Corpora.load(Corpora.DEFAULT); // fetches it if needed
        Path corpus = Lab.dataDir().resolve("nlp-corpus").resolve("sentences.txt");
        Path work = Files.createTempDirectory("bench-tokenizer");
        try (Closeable cleanup = () -> FileUtils.deleteDirectory(work.toFile())) {
            int largest = sizesMb.stream().mapToInt(Integer::intValue).max().orElseThrow();
            Path large = work.resolve("large.txt");
            writeVariants(corpus, large, largest * 1_000_000L);
            Path template = work.resolve("template.json");
            Files.writeString(template, TokenizerFiles.toJson(WordPieceTrainer.train(List.of("x"),
                    new WordPieceTrainer.Config(VOCABULARIES[0], 0, WordPieceTrainer.NO_LIMIT, List.of("[UNK]"),
                            BertNormalizer.uncased(), "##"))));
            System.out.printf("Whole processes, %d runs each (median), in turn, %d cores. Ours: ./lab tokenizer train --min-frequency 1 "
                            + "--limit-alphabet %d --special-tokens [UNK] (HuggingFace's defaults). Theirs: tokenizers %s from pip, "
                            + "test-tools/hf-tokenizers/hf_train.py (%s).%n",
                    repeats, Runtime.getRuntime().availableProcessors(), WordPieceTrainer.NO_LIMIT, huggingFaceVersion(), TorchRecipe.python());
            System.out.printf("Corpora: the first MB of the default corpus (%.1f MB), then of it again in %d variants (casing, punctuation).%n%n",
                    Files.size(corpus) / 1e6, VARIANTS - 1);
            // One untimed turn first: the first run of ./lab tokenizer after a build writes its class archive (lab's
            // class_archive), which a user pays once, not every time.
            int smallest = sizesMb.stream().mapToInt(Integer::intValue).min().orElseThrow();
            inTurn(prefix(large, work.resolve("warm-up.txt"), smallest * 1_000_000L), VOCABULARIES[0], template, work, 1);
            printHeader();
            for (int mb : sizesMb.stream().mapToInt(Integer::intValue).sorted().distinct().toArray()) {
                Path file = prefix(large, work.resolve(mb + "mb.txt"), mb * 1_000_000L);
                for (int vocab : VOCABULARIES) {
                    printRow(mb + " MB", file, vocab, inTurn(file, vocab, template, work, repeats));
                }
            }
            System.out.printf("ratio: ours / HuggingFace's wall time, the median of the turns' ratios and their range (below 1: ours is faster). same: HuggingFace's tokens that ours has too.%n");
            encodeThroughput(corpus, work);
        }
        return 0;
    }

    /** Ours and HuggingFace's, one run of each in turn, so that the machine's slower moments fall on both. */
    private Turns inTurn(Path corpus, int vocab, Path template, Path work, int repeats) throws Exception {
        List<Measured> ours = new ArrayList<>();
        List<Measured> theirs = new ArrayList<>();
        List<String> ourJsons = new ArrayList<>();
        Path ourOut = work.resolve("ours");
        Path theirOut = work.resolve("hf.json");
        for (int i = 0; i < repeats; i++) {
            ours.add(measure(new ProcessBuilder(Lab.home().resolve("lab").toString(), "tokenizer", "train",
                    "--input", corpus.toString(), "--vocab-size", String.valueOf(vocab), "--min-frequency", "1",
                    "--limit-alphabet", String.valueOf(WordPieceTrainer.NO_LIMIT), "--special-tokens", "[UNK]", "--out", ourOut.toString()), work));
            ourJsons.add(Files.readString(ourOut.resolve(TokenizerFiles.JSON)));
            theirs.add(measure(LabAllocator.removeFrom(new ProcessBuilder(TorchRecipe.python(), hfScript().toString(),
                    template.toString(), corpus.toString(), String.valueOf(vocab), theirOut.toString())), work));
        }
        List<Double> ratios = IntStream.range(0, repeats).mapToObj(i -> ours.get(i).seconds() / theirs.get(i).seconds()).toList();
        return new Turns(
                new Cell(median(ours, Measured::seconds), median(ours, Measured::peakMb), vocabulary(ourJsons.get(ourJsons.size() - 1)),
                        ourJsons.stream().distinct().count() == 1),
                new Cell(median(theirs, Measured::seconds), median(theirs, Measured::peakMb), vocabulary(Files.readString(theirOut)), false),
                ratios);
    }

    /** test-tools/hf-tokenizers/hf_train.py, HuggingFace's trainer as a command (huggingFaceVersion says when its Python lacks tokenizers). */
    private static Path hfScript() {
        return Lab.home().resolve("test-tools").resolve("hf-tokenizers").resolve("hf_train.py");
    }

    private static String huggingFaceVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(TorchRecipe.python(), "-c", "import tokenizers; print(tokenizers.__version__)").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(TorchRecipe.python() + " has no HuggingFace tokenizers: ./lab bench tokenizer installs them "
                    + "into build/torch-venv, or pip install tokenizers into the Python MLM_LAB_TORCH_PYTHON names");
        }
        return out;
    }

    /**
     * Runs a process to its end: wall time from start to exit, and the peak resident memory (its
     * high-water mark, read every 10 ms until the process is gone).
     */
    private static Measured measure(ProcessBuilder builder, Path work) throws Exception {
        Path log = work.resolve("process.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        double peakMb = Double.NaN;
        while (!process.waitFor(10, TimeUnit.MILLISECONDS)) {
            double now = ResidentMemory.peakMegabytes(process.pid());
            peakMb = Double.isNaN(now) ? peakMb : now;   // NaN once the process is exiting: keep the last reading
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(builder.command().get(0) + " failed: " + Files.readString(log));
        }
        return new Measured(seconds, peakMb);
    }

    /** The tokens of a tokenizer.json. */
    private static Set<String> vocabulary(String tokenizerJson) {
        return new HashSet<>(JsonParser.parseString(tokenizerJson).getAsJsonObject().getAsJsonObject("model").getAsJsonObject("vocab").keySet());
    }

    private static void printHeader() {
        System.out.printf("%-12s %7s %7s %9s %9s %21s %9s %9s %8s %s%n", "corpus", "MB", "tokens", "ours s", "HF s",
                "ratio (range)", "ours MB", "HF MB", "same", "our ids the same every run");
    }

    private static void printRow(String name, Path corpus, int vocab, Turns turns) throws IOException {
        Cell ours = turns.ours();
        Cell theirs = turns.theirs();
        String mb = String.format(Locale.ROOT, "%.1f", Files.size(corpus) / 1e6);
        Set<String> common = new HashSet<>(theirs.vocabulary());
        common.retainAll(ours.vocabulary());
        System.out.printf("%-12s %7s %,7d %9.2f %9.2f %21s %9.0f %9.0f %7.2f%% %s%n", name, mb, vocab, ours.seconds(),
                theirs.seconds(), TrainBench.ratioAndRange(turns.ratios()), ours.peakMb(), theirs.peakMb(),
                100.0 * common.size() / theirs.vocabulary().size(), ours.sameIdsEveryRun() ? "yes" : "NO");
    }

    static final int VARIANTS = 6;

    /**
     * A large plain-text corpus from the default one: each line in turn as it is, upper-cased,
     * title-cased, with other punctuation, lower-cased without punctuation, and with extra
     * punctuation, round after round until {@code minBytes} are written. Deterministic.
     */
    static void writeVariants(Path source, Path target, long minBytes) throws IOException {
        List<String> lines = Files.readAllLines(source);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            for (int variant = 0; written < minBytes; variant = (variant + 1) % VARIANTS) {
                for (String line : lines) {
                    String text = variant(line, variant);
                    out.write(text);
                    out.write('\n');
                    written += text.getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
        }
    }

    static String variant(String line, int variant) {
        return switch (variant) {
            case 0 -> line;
            case 1 -> line.toUpperCase(Locale.ROOT);
            case 2 -> titleCase(line);
            case 3 -> '"' + line.replace('.', '!').replace(',', ';') + '"';
            case 4 -> line.toLowerCase(Locale.ROOT).replaceAll("\\p{Punct}", "");
            default -> line.replace(" ", ", ").replace(".", "...");
        };
    }

    private static String titleCase(String line) {
        StringBuilder out = new StringBuilder(line.length());
        boolean start = true;
        for (char c : line.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = c == ' ';
        }
        return out.toString();
    }

    /** The first lines of {@code source} that make at least {@code bytes}. */
    private static Path prefix(Path source, Path target, long bytes) throws IOException {
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
             var lines = Files.lines(source)) {
            for (var it = lines.iterator(); it.hasNext() && written < bytes; ) {
                String line = it.next();
                out.write(line);
                out.write('\n');
                written += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        return target;
    }

    private void encodeThroughput(Path corpus, Path work) throws IOException {
        List<String> texts = Files.readAllLines(corpus);
        Path dir = work.resolve("encode");
        TokenizerFiles.save(WordPieceTrainer.train(texts, WordPieceTrainer.Config.defaults().withVocabSize(VOCABULARIES[1])), dir);
        try (LabTokenizer tokenizer = LabTokenizer.load(dir, 512)) {
            tokenizer.encode(texts.subList(0, 1000)); // warm up
            long start = System.nanoTime();
            long tokens = 0;
            for (LabTokenizer.Encoded e : tokenizer.encode(texts)) {
                tokens += e.length();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%nDJL HuggingFaceTokenizer encoding of the whole default corpus: %,d texts, %,d tokens in %.2f s = %,.0f tokens/s%n",
                    texts.size(), tokens, seconds, tokens / seconds);
        }
    }

    private static double median(List<Measured> runs, ToDoubleFunction<Measured> value) {
        return TrainBench.median(runs.stream().map(run -> value.applyAsDouble(run)).toList());
    }
}
