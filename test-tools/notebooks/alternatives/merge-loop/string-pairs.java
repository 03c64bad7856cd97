// Pairs as "left right" strings counted with streams; the best one by a comparator on (count desc, left id, right id).
List<WordPieceTrainer.Merge> learnMerges(WordPieceTrainer.Start start, int vocabSize, int minFrequency) {
    List<String> vocab = start.vocab();
    List<int[]> words = start.words();
    List<WordPieceTrainer.Merge> merges = new ArrayList<>();
    while (vocab.size() < vocabSize) {
        Map<String, Integer> counts = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            int[] p = words.get(w);
            for (int i = 0; i + 1 < p.length; i++) {
                String key = p[i] + " " + p[i + 1];
                counts.put(key, counts.getOrDefault(key, 0) + start.counts()[w]);
            }
        }
        Optional<String> top = counts.keySet().stream().min(Comparator
                .comparingInt((String k) -> -counts.get(k))
                .thenComparingInt(k -> Integer.parseInt(k.split(" ")[0]))
                .thenComparingInt(k -> Integer.parseInt(k.split(" ")[1])));
        if (top.isEmpty() || counts.get(top.get()) < minFrequency) {
            break;
        }
        int l = Integer.parseInt(top.get().split(" ")[0]);
        int r = Integer.parseInt(top.get().split(" ")[1]);
        String right = vocab.get(r);
        String token = vocab.get(l) + (right.startsWith("##") ? right.substring(2) : right);
        int id = vocab.contains(token) ? vocab.indexOf(token) : vocab.size();
        if (id == vocab.size()) {
            vocab.add(token);
        }
        merges.add(new WordPieceTrainer.Merge(vocab.get(l), right, token, counts.get(top.get())));
        for (int w = 0; w < words.size(); w++) {
            int[] p = words.get(w);
            List<Integer> q = new ArrayList<>();
            int i = 0;
            while (i < p.length) {
                if (i + 1 < p.length && p[i] == l && p[i + 1] == r) {
                    q.add(id);
                    i += 2;
                } else {
                    q.add(p[i]);
                    i += 1;
                }
            }
            words.set(w, q.stream().mapToInt(x -> x).toArray());
        }
    }
    return merges;
}
