// A coin per real token that comes up with probability 0.15 (HuggingFace's way): the count varies from sequence to sequence.
int[][] maskSeed(int[] ids, SplittableRandom random) {
    int[] input = Arrays.copyOf(ids, ids.length);
    int[] labels = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
        labels[i] = -100;
        if (!vocab.special()[ids[i]] && random.nextDouble() < 0.15) {
            input[i] = vocab.maskId();
            labels[i] = ids[i];
        }
    }
    return new int[][] {input, labels};
}
