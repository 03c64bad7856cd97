// Pair counts in a vocab x vocab matrix, rebuilt each round; the first maximum in row-major order is the smaller ids.
List<WordPieceTrainer.Merge> learnMerges(WordPieceTrainer.Start start, int vocabSize, int minFrequency) {
    List<String> vocab = start.vocab();
    List<int[]> words = start.words();
    List<WordPieceTrainer.Merge> merges = new ArrayList<>();
    while (vocab.size() < vocabSize) {
        int size = vocab.size();
        int[][] count = new int[size][size];
        for (int w = 0; w < words.size(); w++) {
            int[] p = words.get(w);
            for (int i = 1; i < p.length; i++) {
                count[p[i - 1]][p[i]] += start.counts()[w];
            }
        }
        int bestLeft = -1, bestRight = -1, best = 0;
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                if (count[a][b] > best) {
                    best = count[a][b];
                    bestLeft = a;
                    bestRight = b;
                }
            }
        }
        if (bestLeft < 0 || best < minFrequency) {
            break;
        }
        String left = vocab.get(bestLeft);
        String right = vocab.get(bestRight);
        String token = left + (right.startsWith("##") ? right.substring(2) : right);
        int id = vocab.indexOf(token);
        if (id < 0) {
            vocab.add(token);
            id = vocab.size() - 1;
        }
        merges.add(new WordPieceTrainer.Merge(left, right, token, best));
        for (int w = 0; w < words.size(); w++) {
            int[] p = words.get(w);
            int[] q = new int[p.length];
            int n = 0;
            for (int i = 0; i < p.length; i++) {
                if (i + 1 < p.length && p[i] == bestLeft && p[i + 1] == bestRight) {
                    q[n++] = id;
                    i++;
                } else {
                    q[n++] = p[i];
                }
            }
            words.set(w, Arrays.copyOf(q, n));
        }
    }
    return merges;
}
