package org.mlmlab.cli;

import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.TextCleaner;
import org.mlmlab.tokenizer.BertNormalizer;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab tokenizer train|encode}: lesson 2 outside the notebook. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train a WordPiece tokenizer, or encode text with one.",
        subcommands = {TokenizerCommand.Train.class, TokenizerCommand.Encode.class})
final class TokenizerCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a WordPiece vocabulary; writes tokenizer.json (HuggingFace) and vocab.txt (BERT).")
    static final class Train implements Callable<Integer> {
        @Mixin
        CorpusInput corpusInput;

        @Option(names = "--vocab-size", defaultValue = "30000", description = "Vocabulary size. Default: ${DEFAULT-VALUE}.")
        int vocabSize;

        @Option(names = "--min-frequency", defaultValue = "2", description = "Stop merging below this pair count. Default: ${DEFAULT-VALUE}.")
        int minFrequency;

        @Option(names = "--limit-alphabet", defaultValue = "1000", description = "Keep at most this many characters. Default: ${DEFAULT-VALUE}.")
        int limitAlphabet;

        @Option(names = "--special-tokens", split = ",", defaultValue = "[UNK],[PAD],[MASK]",
                description = "Special tokens, first ids first. Default: ${DEFAULT-VALUE} (the seed: [PAD]=1, [MASK]=2). "
                        + "BERT's: [PAD],[UNK],[CLS],[SEP],[MASK].")
        List<String> specials;

        @Option(names = "--cased", description = "Keep case and accents (default: lowercase and strip accents).")
        boolean cased;

        @Option(names = "--out", required = true, description = "Folder to write tokenizer.json and vocab.txt into.")
        Path out;

        @Override
        public Integer call() {
            OptionCheck.positive("--vocab-size", vocabSize);
            OptionCheck.require("--min-frequency", minFrequency, minFrequency >= 0, "a whole number of 0 or more (0 and 1 both merge every pair "
                    + "that occurs at all, as in HuggingFace's trainers)");
            OptionCheck.positive("--limit-alphabet", limitAlphabet);
            Corpus corpus = corpusInput.load();
            TextCleaner.Result clean = TextCleaner.clean(corpus.texts());
            BertNormalizer normalizer = cased ? new BertNormalizer(true, true, false, false) : BertNormalizer.uncased();
            WordPieceTrainer.Config config = new WordPieceTrainer.Config(vocabSize, minFrequency, limitAlphabet,
                    specials, normalizer, "##");
            long start = System.nanoTime();
            WordPieceTrainer.Result result = WordPieceTrainer.train(clean.texts(), config);
            double seconds = (System.nanoTime() - start) / 1e9;
            TokenizerFiles.save(result, out);
            System.out.printf("Trained on %,d texts (%,d words, %,d distinct) in %.2f s: %,d tokens (%d special, "
                            + "%d alphabet, %,d merges).%nWrote %s and %s%n",
                    clean.texts().size(), result.totalWords(), result.distinctWords(), seconds, result.tokens().size(),
                    specials.size(), result.alphabetSize(), result.merges().size(),
                    out.resolve(TokenizerFiles.JSON), out.resolve(TokenizerFiles.VOCAB));
            if (result.tokens().size() > vocabSize) {
                int continued = result.tokens().size() - specials.size() - result.alphabetSize() - result.merges().size();
                System.out.printf("Note: %,d tokens asked for, %,d made: the %d special tokens, the %d characters of the alphabet and "
                        + "their %d \"##\" forms (a character inside a word) come first and are never cut, so no merge fitted; ask for "
                        + "more than %,d to get merged pieces (or a smaller --limit-alphabet).%n", vocabSize, result.tokens().size(),
                        specials.size(), result.alphabetSize(), continued, result.tokens().size());
            }
            if (result.tokens().size() < vocabSize) {
                System.out.printf("Note: %,d tokens asked for, %,d made: no pair left occurs %d times or more, so the corpus "
                        + "gives no more (a smaller --vocab-size, or a larger corpus).%n", vocabSize, result.tokens().size(), minFrequency);
            }
            return 0;
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true, description = "Show how a tokenizer splits text.")
    static final class Encode implements Callable<Integer> {
        @Option(names = "--tokenizer", required = true, description = "Folder with tokenizer.json.")
        Path dir;

        @Option(names = "--max-length", defaultValue = "128", description = "Truncate to this many tokens. Default: ${DEFAULT-VALUE}.")
        int maxLength;

        @Parameters(arity = "1..*", description = "Texts to encode.")
        List<String> texts;

        @Override
        public Integer call() {
            OptionCheck.positive("--max-length", maxLength);
            try (LabTokenizer tokenizer = LabTokenizer.load(dir, maxLength)) {
                for (String text : texts) {
                    LabTokenizer.Encoded e = tokenizer.encode(text);
                    System.out.println(String.join(" ", e.tokens()));
                    System.out.println(java.util.Arrays.toString(e.ids()));
                }
            }
            return 0;
        }
    }
}
