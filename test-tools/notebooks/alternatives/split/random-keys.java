// Every text gets a random key from a seeded SplittableRandom; the n smallest keys are validation; both parts keep the file's order.
Corpus.Split splitTexts(List<String> texts, double validationFraction, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] key = new double[texts.size()];
    for (int i = 0; i < key.length; i++) {
        key[i] = random.nextDouble();
    }
    Integer[] order = new Integer[texts.size()];
    for (int i = 0; i < order.length; i++) {
        order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> key[i]));
    int n = Math.max(1, Math.min(texts.size() - 1, (int) Math.round(texts.size() * validationFraction)));
    boolean[] held = new boolean[texts.size()];
    for (int r = 0; r < n; r++) {
        held[order[r]] = true;
    }
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
        (held[i] ? validation : train).add(texts.get(i));
    }
    return new Corpus.Split(new Corpus("train", train), new Corpus("validation", validation));
}
