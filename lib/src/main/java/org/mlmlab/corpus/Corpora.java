package org.mlmlab.corpus;

import org.mlmlab.Lab;

import java.nio.file.Path;

/**
 * Every corpus the lab knows, by name: what {@code --input} and the notebooks accept.
 * <ul>
 *   <li>{@code nlp-corpus}: the default, 100,000 English sentences (npm package, fetched once), classroom-safe:
 *   without the sentences that hold a word of a profanity and slur list ({@link ClassroomFilter});</li>
 *   <li>{@code nlp-corpus-all}: the same with every sentence;</li>
 *   <li>{@code toy}: a few dozen sentences written for this lab;</li>
 *   <li>{@code wikitext-2}, {@code wikitext-103}: Wikipedia (downloaded once, needs the internet);</li>
 *   <li>{@code wikitext:DIR}: a local copy of WikiText (a folder with wiki.train.raw);</li>
 *   <li>anything else: a local .txt, .jsonl or .csv file.</li>
 * </ul>
 */
public final class Corpora {
    public static final String DEFAULT = Lab.DEFAULT_CORPUS;

    private Corpora() {
    }

    /** The corpus's own file or folder, for a corpus named by its path ({@code FILE}, {@code wikitext:DIR}); empty for the named ones. */
    public static java.util.Optional<Path> source(String spec) {
        return switch (spec) {
            case "nlp-corpus", NlpCorpusPackage.ALL, "toy", "wikitext-2", "wikitext-103" -> java.util.Optional.empty();
            default -> java.util.Optional.of(Path.of(spec.startsWith("wikitext:") ? spec.substring("wikitext:".length()) : spec));
        };
    }

    public static Corpus load(String spec) {
        return load(spec, CorpusFiles.DEFAULT_FIELD);
    }

    /** {@code textField}: the JSONL field or CSV column holding the text. */
    public static Corpus load(String spec, String textField) {
        Path data = Lab.dataDir();
        return switch (spec) {
            case "nlp-corpus" -> NlpCorpusPackage.load(data);
            case NlpCorpusPackage.ALL -> NlpCorpusPackage.loadAll(data);
            case "toy" -> ToyCorpus.load();
            case "wikitext-2" -> WikiText.load("2", data);
            case "wikitext-103" -> WikiText.load("103", data);
            default -> spec.startsWith("wikitext:")
                    ? WikiText.fromDirectory(Path.of(spec.substring("wikitext:".length())))
                    : CorpusFiles.read(Path.of(spec), textField);
        };
    }
}
