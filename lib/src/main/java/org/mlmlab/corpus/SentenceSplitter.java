package org.mlmlab.corpus;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits paragraphs into sentences with the JDK's sentence BreakIterator (Unicode's sentence
 * boundary rules), for corpora such as WikiText whose lines are whole paragraphs.
 */
public final class SentenceSplitter {
    private SentenceSplitter() {
    }

    public static List<String> split(List<String> paragraphs) {
        List<String> sentences = new ArrayList<>();
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        for (String paragraph : paragraphs) {
            boundaries.setText(paragraph);
            int start = boundaries.first();
            for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
                String sentence = paragraph.substring(start, end).strip();
                if (!sentence.isEmpty()) {
                    sentences.add(sentence);
                }
            }
        }
        return sentences;
    }
}
