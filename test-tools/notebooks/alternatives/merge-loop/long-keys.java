// A pair as one long (left in the high 32 bits): a TreeMap over the keys visits smaller ids first, so the first maximum wins ties.
List<WordPieceTrainer.Merge> learnMerges(WordPieceTrainer.Start start, int vocabSize, int minFrequency) {
    List<String> vocab = start.vocab();
    List<List<Integer>> words = new ArrayList<>();
    for (int[] w : start.words()) {
        List<Integer> pieces = new ArrayList<>();
        for (int id : w) {
            pieces.add(id);
        }
        words.add(pieces);
    }
    List<WordPieceTrainer.Merge> merges = new ArrayList<>();
    while (vocab.size() < vocabSize) {
        TreeMap<Long, Integer> counts = new TreeMap<>();
        for (int w = 0; w < words.size(); w++) {
            List<Integer> p = words.get(w);
            for (int i = 0; i + 1 < p.size(); i++) {
                counts.merge(((long) p.get(i) << 32) | p.get(i + 1), start.counts()[w], Integer::sum);
            }
        }
        long bestKey = -1;
        int best = -1;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                bestKey = e.getKey();
            }
        }
        if (best < minFrequency || bestKey < 0) {
            break;
        }
        int l = (int) (bestKey >>> 32);
        int r = (int) (bestKey & 0xffffffffL);
        String token = vocab.get(l) + vocab.get(r).replace("##", "");
        if (!vocab.contains(token)) {
            vocab.add(token);
        }
        int id = vocab.indexOf(token);
        merges.add(new WordPieceTrainer.Merge(vocab.get(l), vocab.get(r), token, best));
        for (List<Integer> p : words) {
            for (int i = 0; i + 1 < p.size(); i++) {
                if (p.get(i) == l && p.get(i + 1) == r) {
                    p.set(i, id);
                    p.remove(i + 1);
                }
            }
        }
    }
    return merges;
}
