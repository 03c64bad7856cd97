// A seeded shuffle, then validation taken from the END of the shuffled list.
Corpus.Split splitTexts(List<String> texts, double validationFraction, long seed) {
    List<String> copy = new ArrayList<>(texts);
    Collections.shuffle(copy, new Random(seed));
    long wanted = Math.round(copy.size() * validationFraction);
    int n = (int) Math.min(Math.max(wanted, 1), copy.size() - 1);
    int cut = copy.size() - n;
    return new Corpus.Split(new Corpus("train", new ArrayList<>(copy.subList(0, cut))),
            new Corpus("validation", new ArrayList<>(copy.subList(cut, copy.size()))));
}
