package org.mlmlab.cli;

import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.TextCleaner;
import org.mlmlab.masking.EvaluationSet;
import org.mlmlab.masking.TokenSequences;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.Evaluator;
import org.mlmlab.training.TrainedModel;
import org.mlmlab.training.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab eval}: masked-token accuracy, loss and perplexity of a checkpoint on any corpus. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a checkpoint with fixed 15%% masks on a corpus: masked-token accuracy, loss, perplexity, "
                + "and the always-the-most-frequent-token baseline on the same masks.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "A checkpoint folder, or a run folder (its latest checkpoint).")
    Path checkpoint;

    @Option(names = "--tokenizer", description = "Tokenizer folder. Default: the one the checkpoint was trained with.")
    Path tokenizer;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the fixed masks. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    CorpusInput corpusInput;

    @Override
    public Integer call() {
        Corpus corpus = corpusInput.load();
        List<String> texts = TextCleaner.clean(corpus.texts()).texts();
        try (TrainedModel trained = TrainedModel.load(checkpoint, tokenizer)) {
            List<LabTokenizer.Encoded> encoded = trained.tokenizer().encode(texts);
            List<int[]> sequences = TokenSequences.of(encoded);
            long truncated = encoded.stream().filter(LabTokenizer.Encoded::truncated).count();
            if (sequences.isEmpty()) {
                throw new IllegalArgumentException(corpusInput.input + " has no text to evaluate on.");
            }
            Vocabulary vocab = Vocabulary.of(trained.tokenizer());
            EvaluationSet set = new EvaluationSet(sequences, vocab, trained.tokenizer().maxLength(), seed);
            int baselineToken = TrainingData.mostFrequent(TrainingData.countTokens(sequences, vocab.size()), vocab);
            Evaluation e = Evaluator.evaluate(trained.model(), set, baselineToken, trained.manager());
            System.out.printf("Checkpoint %s on %s (%,d texts):%n", trained.checkpoint(), corpus.name(), sequences.size());
            System.out.printf("  masked-token accuracy %.2f%%%n  loss %.4f%n  perplexity %.2f%n  masked tokens %,d%n",
                    100 * e.accuracy(), e.loss(), e.perplexity(), e.maskedTokens());
            System.out.printf("  baseline (always \"%s\", the most frequent token of this text): %.2f%%%n",
                    trained.tokenizer().token(baselineToken), 100 * e.baselineAccuracy());
            if (truncated > 0) {
                System.out.printf("  note: %,d of the %,d texts are longer than the model's %d tokens; only their first %d "
                        + "tokens were scored (split long texts into sentences to score all of them)%n",
                        truncated, sequences.size(), trained.tokenizer().maxLength(), trained.tokenizer().maxLength());
            }
        }
        return 0;
    }
}
