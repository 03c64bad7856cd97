package org.mlmlab.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A few dozen short sentences written for this lab: instant demos and tests, no download.
 * {@code repeated(n)} repeats them, like the seed's five-sentence classroom corpus, so a tiny
 * model can memorise them within seconds.
 */
public final class ToyCorpus {
    private ToyCorpus() {
    }

    public static Corpus load() {
        try (InputStream in = ToyCorpus.class.getResourceAsStream("toy.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Corpus("toy", text.lines().filter(l -> !l.isBlank()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The toy sentences, {@code times} times over. */
    public static Corpus repeated(int times) {
        Corpus toy = load();
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            texts.addAll(toy.texts());
        }
        return new Corpus("toy x" + times, texts);
    }
}
