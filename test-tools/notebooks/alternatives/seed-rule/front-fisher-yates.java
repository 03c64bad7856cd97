// A partial Fisher-Yates shuffle from the front: only the first k places are drawn.
int[][] maskSeed(int[] ids, SplittableRandom random) {
    int[] real = IntStream.range(0, ids.length).filter(i -> !vocab.special()[ids[i]]).toArray();
    int k = real.length == 0 ? 0 : Math.max(1, (int) Math.round(0.15 * real.length));
    for (int i = 0; i < k; i++) {
        int j = i + random.nextInt(real.length - i);
        int swap = real[i];
        real[i] = real[j];
        real[j] = swap;
    }
    int[] input = ids.clone();
    int[] labels = new int[ids.length];
    Arrays.fill(labels, -100);
    for (int i = 0; i < k; i++) {
        labels[real[i]] = input[real[i]];
        input[real[i]] = vocab.maskId();
    }
    return new int[][] {input, labels};
}
