package org.mlmlab.finetuning;

/**
 * How well a classifier does on labelled texts it did not train on. Accuracy counts every answer;
 * precision, recall and F1 look at one class, the {@code positive} one (spam): precision is the share
 * of texts called positive that are, recall the share of positive texts found, F1 their harmonic mean.
 * With 2 ham e-mails to 1 spam, always answering "not spam" already scores about 67% accuracy,
 * and an F1 of 0: that is why F1 is reported too.
 */
public record ClassificationScore(int examples, double accuracy, double precision, double recall, double f1) {

    /** Scores {@code predicted} against {@code labels}, F1 for the class {@code positive}. */
    public static ClassificationScore of(int[] predicted, int[] labels, int positive) {
        if (predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("need one prediction per label, and at least one (got " + predicted.length
                    + " predictions for " + labels.length + " labels)");
        }
        int right = 0;
        int truePositive = 0;
        int calledPositive = 0;
        int positives = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
            calledPositive += predicted[i] == positive ? 1 : 0;
            positives += labels[i] == positive ? 1 : 0;
            truePositive += predicted[i] == positive && labels[i] == positive ? 1 : 0;
        }
        double precision = calledPositive == 0 ? 0 : (double) truePositive / calledPositive;
        double recall = positives == 0 ? 0 : (double) truePositive / positives;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassificationScore(labels.length, (double) right / labels.length, precision, recall, f1);
    }

    @Override
    public String toString() {
        return String.format("accuracy %.1f%%, F1 %.3f (precision %.3f, recall %.3f) on %,d texts",
                100 * accuracy, f1, precision, recall, examples);
    }
}
