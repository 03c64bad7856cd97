// Draw n distinct indices at random (rejecting repeats); the rest, in order, is training.
Corpus.Split splitTexts(List<String> texts, double validationFraction, long seed) {
    Random random = new Random(seed);
    int size = texts.size();
    int n = (int) Math.round(size * validationFraction);
    n = n < 1 ? 1 : n > size - 1 ? size - 1 : n;
    Set<Integer> chosen = new LinkedHashSet<>();
    while (chosen.size() < n) {
        chosen.add(random.nextInt(size));
    }
    List<String> validation = chosen.stream().map(texts::get).toList();
    List<String> train = java.util.stream.IntStream.range(0, size).filter(i -> !chosen.contains(i)).mapToObj(texts::get).toList();
    return new Corpus.Split(new Corpus("train", train), new Corpus("validation", validation));
}
