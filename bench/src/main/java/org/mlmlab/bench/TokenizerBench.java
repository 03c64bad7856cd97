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
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * {@code ./lab bench tokenizer}: our WordPiece trainer against HuggingFace's Rust trainer, each as
 * a whole process a user would start: ours is {@code ./lab tokenizer train} (the script, then a
 * fresh JVM that reads the corpus, cleans it, trains and writes tokenizer.json), theirs is the npm binding's
 * {@code Tokenizer.train} in a fresh Node.js (test-tools/hf-tokenizers/hf.js), both with HuggingFace's
 * default trainer settings. Wall time and peak resident memory are taken from outside, the same way
 * for both.
 */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Our WordPiece trainer and HuggingFace's Rust trainer (npm tokenizers), each a whole process "
                + "(start, read, train, write tokenizer.json), at 8,000 and 30,000 tokens, on the default corpus and on a "
                + "50 MB one made from it; how time and memory grow from 5 to 50 MB; then DJL's encoding throughput.")
final class TokenizerBench implements Callable<Integer> {
    /** HuggingFace's npm binding trains only with the model's default trainer, which makes 30,000 tokens. */
    static final int HF_VOCAB = 30_000;

    @Option(names = "--repeats", defaultValue = "3", description = "Runs of each trainer per cell (the median is shown). Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--large-mb", defaultValue = "50", description = "Size of the large corpus in MB. Default: ${DEFAULT-VALUE}.")
    int largeMb;

    /** One finished process: its wall time and its peak resident memory. */
    record Measured(double seconds, double peakMb) {
    }

    /** The medians of one trainer's runs on one corpus, and the vocabulary of its last run. */
    record Cell(double seconds, double peakMb, Set<String> vocabulary, boolean sameIdsEveryRun) {
    }

    @Override
    public Integer call() throws Exception {
        OptionCheck.positive("--repeats", repeats);
        OptionCheck.positive("--large-mb", largeMb);
        Corpora.load(Corpora.DEFAULT); // fetches it if needed
        Path corpus = Lab.dataDir().resolve("nlp-corpus").resolve("sentences.txt");
        Path work = Files.createTempDirectory("bench-tokenizer");
        try (Closeable cleanup = () -> FileUtils.deleteDirectory(work.toFile())) {
            Path large = work.resolve("large.txt");
            writeVariants(corpus, large, largeMb * 1_000_000L);
            Path template = work.resolve("template.json");
            Files.writeString(template, TokenizerFiles.toJson(WordPieceTrainer.train(List.of("x"),
                    new WordPieceTrainer.Config(HF_VOCAB, 0, WordPieceTrainer.NO_LIMIT, List.of("[UNK]"),
                            BertNormalizer.uncased(), "##"))));
            System.out.printf("Whole processes, %d runs each (median), %d cores. Ours: ./lab tokenizer train --min-frequency 1 "
                            + "--limit-alphabet %d --special-tokens [UNK] (HuggingFace's defaults). Theirs: test-tools/hf-tokenizers/hf.js.%n",
                    repeats, Runtime.getRuntime().availableProcessors(), WordPieceTrainer.NO_LIMIT);
            System.out.printf("Large corpus: the default corpus in %d variants (casing, punctuation), %,d bytes.%n%n",
                    VARIANTS, Files.size(large));
            printHeader();
            for (Path file : List.of(corpus, large)) {
                for (int vocab : new int[] {8_000, HF_VOCAB}) {
                    Cell ours = ours(file, vocab, work);
                    Cell theirs = vocab == HF_VOCAB ? huggingFace(template, file, work) : huggingFaceUpTo(vocab, template, file, work);
                    printRow(file == corpus ? "default" : "large", file, vocab, ours, theirs);
                }
            }
            System.out.printf("ratio: ours / HuggingFace's wall time (below 1: ours is faster). same: HuggingFace's tokens that ours "
                    + "has too. HuggingFace's npm binding trains only at its default %,d tokens; its time and tokens at 8,000 are read off "
                    + "the progress bar and the first 8,000 ids of that run (merges come in the same order whatever the size): the moment its merge loop "
                    + "made the 8,000th token, plus its time from the last merge to exit (within about 0.05 s, the bar's refresh).%n", HF_VOCAB);

            System.out.printf("%nGrowth with the corpus (%,d tokens; prefixes of the large corpus)%n", HF_VOCAB);
            printHeader();
            for (int mb : IntStream.of(5, 10, 20, largeMb).filter(mb -> mb <= largeMb).distinct().toArray()) {
                Path prefix = mb == largeMb ? large : prefix(large, work.resolve(mb + "mb.txt"), mb * 1_000_000L);
                printRow("large " + mb + " MB", prefix, HF_VOCAB, ours(prefix, HF_VOCAB, work), huggingFace(template, prefix, work));
            }
            encodeThroughput(corpus, work);
        }
        return 0;
    }

    private Cell ours(Path corpus, int vocab, Path work) throws Exception {
        List<Measured> runs = new ArrayList<>();
        List<String> jsons = new ArrayList<>();
        Path out = work.resolve("ours");
        for (int i = 0; i < repeats; i++) {
            List<String> command = new ArrayList<>(List.of(Lab.home().resolve("lab").toString(), "tokenizer", "train",
                    "--input", corpus.toString(), "--vocab-size", String.valueOf(vocab), "--min-frequency", "1",
                    "--limit-alphabet", String.valueOf(WordPieceTrainer.NO_LIMIT), "--special-tokens", "[UNK]", "--out", out.toString()));
            runs.add(measure(new ProcessBuilder(command), work));
            jsons.add(Files.readString(out.resolve(TokenizerFiles.JSON)));
        }
        boolean same = jsons.stream().distinct().count() == 1;
        return new Cell(median(runs, Measured::seconds), median(runs, Measured::peakMb),
                vocabulary(jsons.get(jsons.size() - 1), Integer.MAX_VALUE), same);
    }

    /** test-tools/hf-tokenizers/hf.js, HuggingFace's trainer as a command; a clear error when it is not installed. */
    private static Path hfScript() {
        Path tools = Lab.home().resolve("test-tools").resolve("hf-tokenizers");
        if (!Files.isDirectory(tools.resolve("node_modules").resolve("tokenizers"))) {
            throw new IllegalStateException("HuggingFace's tokenizers are not installed: cd " + tools + " && npm ci");
        }
        return tools.resolve("hf.js");
    }

    private Cell huggingFace(Path template, Path corpus, Path work) throws Exception {
        Path out = work.resolve("hf.json");
        List<Measured> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            runs.add(measure(LabAllocator.removeFrom(new ProcessBuilder("node", hfScript().toString(), "train",
                    template.toString(), corpus.toString(), out.toString())), work));
        }
        return new Cell(median(runs, Measured::seconds), median(runs, Measured::peakMb),
                vocabulary(Files.readString(out), Integer.MAX_VALUE), false);
    }

    /**
     * HuggingFace's whole-process time for a smaller vocabulary than the {@value #HF_VOCAB} its
     * binding trains: its merge loop makes tokens in the same order whatever the target, so a
     * {@value #HF_VOCAB}-token run passes through the smaller vocabulary on its way. The run is
     * given a pseudo-terminal ({@code script}), so that it draws its progress bar ("Compute merges
     * N / M", N merges of M), and the bar is timed as it arrives. The time of the smaller
     * vocabulary is when N reached it, plus the run's time from its last merge to its exit (making
     * the model, writing the file): the same work a run stopped there would still do.
     */
    private Cell huggingFaceUpTo(int vocab, Path template, Path corpus, Path work) throws Exception {
        String node = String.join(" ", List.of("node", quoted(hfScript()), "train", quoted(template), quoted(corpus),
                quoted(work.resolve("hf-partial.json"))));
        List<Measured> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            ProcessBuilder builder = LabAllocator.removeFrom(
                    new ProcessBuilder("script", "-q", "-e", "-c", node, "/dev/null").redirectErrorStream(true));
            long start = System.nanoTime();
            Process process = builder.start();
            List<double[]> merges = new ArrayList<>();   // {seconds since start, merges done, merges in all}
            StringBuilder pending = new StringBuilder();
            byte[] buffer = new byte[8192];
            try (var out = process.getInputStream()) {
                for (int n; (n = out.read(buffer)) > 0; ) {
                    double now = (System.nanoTime() - start) / 1e9;
                    pending.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    var bar = MERGES_BAR.matcher(pending);
                    int end = 0;
                    while (bar.find()) {
                        merges.add(new double[] {now, Double.parseDouble(bar.group(1)), Double.parseDouble(bar.group(2))});
                        end = bar.end();
                    }
                    pending.delete(0, end);
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || merges.isEmpty()) {
                throw new IllegalStateException("HuggingFace's trainer under a pseudo-terminal (script) failed or drew no progress bar");
            }
            runs.add(new Measured(secondsTo(vocab, merges, (System.nanoTime() - start) / 1e9), Double.NaN));
        }
        return new Cell(median(runs, Measured::seconds), Double.NaN,
                vocabulary(Files.readString(work.resolve("hf-partial.json")), vocab), false);
    }

    /**
     * From the timed drawings of the merge bar ({seconds, merges done, merges in all}) and the
     * time of exit: when the bar first showed {@code vocab} tokens made, plus the time from the
     * last merge to exit.
     */
    private static double secondsTo(int vocab, List<double[]> bar, double exit) {
        // The bar starts with the previous stage's count still on it; the merges begin where it drops.
        int first = 0;
        for (int m = 1; m < bar.size(); m++) {
            if (bar.get(m)[1] < bar.get(m - 1)[1]) {
                first = m;
                break;
            }
        }
        List<double[]> merges = bar.subList(first, bar.size());
        double[] last = merges.get(merges.size() - 1);
        double needed = vocab - (HF_VOCAB - last[2]);   // less the vocabulary before merging: alphabet and ## pieces
        double reached = merges.stream().filter(m -> m[1] >= needed).mapToDouble(m -> m[0]).min().orElseThrow();
        return reached + (exit - last[0]);
    }

    /** One drawing of HuggingFace's merge progress bar: "Compute merges ... N / M". */
    private static final Pattern MERGES_BAR = Pattern.compile("Compute merges[^0-9]*?(\\d+)\\s*/\\s*(\\d+)(?=[\\r\\n])");

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
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

    /** The tokens of a tokenizer.json with ids under {@code size}: HuggingFace numbers its tokens in the order it made them. */
    private static Set<String> vocabulary(String tokenizerJson, int size) {
        Set<String> tokens = new HashSet<>();
        JsonParser.parseString(tokenizerJson).getAsJsonObject().getAsJsonObject("model")
                .getAsJsonObject("vocab").entrySet().stream().filter(e -> e.getValue().getAsInt() < size).forEach(e -> tokens.add(e.getKey()));
        return tokens;
    }

    private static void printHeader() {
        System.out.printf("%-12s %7s %7s %9s %9s %7s %9s %9s %8s %s%n", "corpus", "MB", "tokens", "ours s", "HF s",
                "ratio", "ours MB", "HF MB", "same", "our ids the same every run");
    }

    private static void printRow(String name, Path corpus, int vocab, Cell ours, Cell theirs) throws IOException {
        String mb = String.format(Locale.ROOT, "%.1f", Files.size(corpus) / 1e6);
        Set<String> common = new HashSet<>(theirs.vocabulary());
        common.retainAll(ours.vocabulary());
        System.out.printf("%-12s %7s %,7d %9.2f %9.2f %7.2f %9.0f %9s %7.2f%% %s%n", name, mb, vocab, ours.seconds(),
                theirs.seconds(), ours.seconds() / theirs.seconds(), ours.peakMb(),
                Double.isNaN(theirs.peakMb()) ? "-" : String.format("%.0f", theirs.peakMb()),
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
        TokenizerFiles.save(WordPieceTrainer.train(texts, WordPieceTrainer.Config.defaults().withVocabSize(HF_VOCAB)), dir);
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
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
