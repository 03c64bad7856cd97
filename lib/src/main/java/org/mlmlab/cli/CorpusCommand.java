package org.mlmlab.cli;

import org.mlmlab.corpus.Corpora;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.TextCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ./lab corpus prepare}: fetch (once) and check a corpus, as lesson 1 does. */
@Command(name = "corpus", mixinStandardHelpOptions = true, description = "Fetch and check corpora.",
        subcommands = {CorpusCommand.Prepare.class})
final class CorpusCommand {

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Fetch a corpus if needed (the default one with npm, once), clean it and print its size.")
    static final class Prepare implements Callable<Integer> {
        @Option(names = "--input", defaultValue = Corpora.DEFAULT,
                description = "nlp-corpus, toy, wikitext-2, wikitext-103, wikitext:DIR, or a .txt/.jsonl/.csv file. Default: ${DEFAULT-VALUE}.")
        String input;

        @Option(names = "--text-field", defaultValue = "text", description = "JSONL field / CSV column with the text.")
        String textField;

        @Override
        public Integer call() {
            Corpus corpus = Corpora.load(input, textField);
            TextCleaner.Result clean = TextCleaner.clean(corpus.texts());
            System.out.printf("Corpus %s: %,d texts, %,d after cleaning (%,d empty and %,d duplicates dropped).%n",
                    corpus.name(), corpus.size(), clean.texts().size(), clean.emptyDropped(), clean.duplicatesDropped());
            return 0;
        }
    }
}
