package org.mlmlab.visualisation;

import org.mlmlab.Exercise;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import org.mlmlab.AtomicWrite;
import org.mlmlab.FileError;
import org.mlmlab.SmallFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the model answered on a fixed probe set at many moments of training: for every masked
 * probe token, the original id ({@code labels}) and, in each snapshot, the model's top id and
 * the probability it gave the original. Saved as {@code recovery.json} in the run folder.
 *
 * @param sentences the probe's validation sentences
 * @param seed      the seed of the probe's masks
 * @param labels    the masked tokens' original ids, sentence by sentence, left to right
 * @param snapshots one per recorded step, in order
 */
public record RecoveryLog(List<String> sentences, long seed, int[] labels, List<Snapshot> snapshots) {
    public static final String FILE = "recovery.json";
    /**
     * At most this many snapshots. Past it every other one goes and the spacing doubles, so a long run's
     * file stays near 2 MB (a snapshot of the default probe is about 17 kB) instead of growing with it.
     */
    public static final int MAX_SNAPSHOTS = 100;
    private static final Gson GSON = new Gson();

    /** The model's answers at one step. */
    public record Snapshot(long step, int[] predicted, float[] probability) {
        public boolean correct(int token, int[] labels) {
            return predicted[token] == labels[token];
        }
    }

    public RecoveryLog {
        snapshots = new ArrayList<>(snapshots);
    }

    public synchronized void add(Snapshot s) {
        snapshots.add(s);
        if (snapshots.size() > MAX_SNAPSHOTS) {
            long spacing = 2 * spacing(1);
            long first = snapshots.get(0).step();
            snapshots.removeIf(kept -> (kept.step() - first) % spacing != 0);
        }
    }

    /**
     * Steps between snapshots: the gap between the first two ({@code atFirst} while there are fewer).
     * The spacing is read from the snapshots themselves, so a resumed run goes on at the spacing it had.
     */
    public synchronized long spacing(long atFirst) {
        return snapshots.size() < 2 ? atFirst : snapshots.get(1).step() - snapshots.get(0).step();
    }

    /** Drops snapshots after {@code step}: a resumed run records them again. */
    public synchronized void truncateAfter(long step) {
        snapshots.removeIf(s -> s.step() > step);
    }

    /** Share of probe tokens restored at snapshot {@code i}, counting only tokens where {@code include} holds. */
    public double accuracy(int i, java.util.function.IntPredicate include) {
        Exercise.RECOVERY.refuseDuringItsCheck("RecoveryLog.accuracy");
        Snapshot s = snapshots.get(i);
        int total = 0;
        int right = 0;
        for (int t = 0; t < labels.length; t++) {
            if (include.test(t)) {
                total++;
                right += s.correct(t, labels) ? 1 : 0;
            }
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    public synchronized void save(Path file) throws IOException {
        AtomicWrite.writeString(file, GSON.toJson(this));
    }

    public static RecoveryLog load(Path file) {
        try {
            RecoveryLog log = GSON.fromJson(SmallFile.read(file), RecoveryLog.class);
            if (log == null || log.labels() == null || log.snapshots() == null || log.sentences() == null) {
                throw new JsonParseException("incomplete");
            }
            for (Snapshot snapshot : log.snapshots()) {
                if (snapshot == null || snapshot.predicted() == null || snapshot.predicted().length != log.labels().length
                        || snapshot.probability() == null || snapshot.probability().length != log.labels().length) {
                    throw new JsonParseException("a snapshot does not hold one answer per probe token");
                }
            }
            return log;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No token-recovery record at " + file + ". Lesson 5 (or ./lab train) writes it "
                    + "while training; train first.");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(FileError.cannotRead(file, e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(SmallFile.brief(FileError.describe(e)) + ". Train again to record it anew.", e);
        } catch (RuntimeException e) {   // Gson's parse errors and what the records refuse
            throw new IllegalArgumentException(file + " is corrupt (" + SmallFile.brief(e.getMessage()) + "). Train again to record it anew.", e);
        }
    }
}
