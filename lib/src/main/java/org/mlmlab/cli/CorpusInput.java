package org.mlmlab.cli;

import org.mlmlab.corpus.Corpora;
import org.mlmlab.corpus.Corpus;
import picocli.CommandLine.Option;

/** The {@code --input} and {@code --text-field} options of every command that reads a corpus. */
final class CorpusInput {
    @Option(names = "--input", defaultValue = Corpora.DEFAULT,
            description = "Corpus: nlp-corpus, toy, wikitext-2, wikitext-103, wikitext:DIR, or a .txt/.jsonl/.csv file. Default: ${DEFAULT-VALUE}.")
    String input;

    @Option(names = "--text-field", defaultValue = "text", description = "JSONL field / CSV column with the text. Default: ${DEFAULT-VALUE}.")
    String textField;

    Corpus load() {
        return Corpora.load(input, textField);
    }
}
