// A fixed count, with distinct positions drawn one at a time (a repeat is drawn again).
int[][] maskSeed(int[] ids, SplittableRandom random) {
    List<Integer> real = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
        if (!vocab.special()[ids[i]]) {
            real.add(i);
        }
    }
    int k = Math.min(real.size(), Math.max(1, (int) Math.round(real.size() * 0.15)));
    Set<Integer> chosen = new HashSet<>();
    while (chosen.size() < k) {
        chosen.add(real.get(random.nextInt(real.size())));
    }
    int[] input = ids.clone();
    int[] labels = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
        labels[i] = chosen.contains(i) ? ids[i] : -100;
        input[i] = chosen.contains(i) ? vocab.maskId() : ids[i];
    }
    return new int[][] {input, labels};
}
