package org.mlmlab.tokenizer;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class WordCounterTest {

    /** The one-pass ASCII path and the table must count exactly what normalize-then-split counts (some texts are not ASCII). */
    @Test
    void theAsciiPathEqualsNormalizeThenSplit() {
        Random random = new Random(3);
        List<String> texts = new ArrayList<>();
        String alphabet = "aZ b\tC,d.E!f'g-\u0007\u007f\n\r\u000b\u001f0 9_~\u00c9\u4e2d";
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(s.toString());
        }
        for (BertNormalizer normalizer : List.of(BertNormalizer.uncased(), new BertNormalizer(false, false, false, false),
                new BertNormalizer(true, true, false, false))) {
            Object2IntOpenHashMap<String> expected = new Object2IntOpenHashMap<>();
            for (String text : texts) {
                BertPreTokenizer.split(normalizer.normalize(text), w -> expected.addTo(w, 1));
            }
            assertEquals(expected, WordCounter.count(texts, normalizer), normalizer.toString());
        }
    }
}
