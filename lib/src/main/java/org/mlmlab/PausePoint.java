package org.mlmlab;

import java.util.HashMap;
import java.util.Map;

/**
 * Named moments inside the writes of a run (a file half-written, a checkpoint written but not yet
 * committed, ...), where a test can stop the program for good: started with
 * {@code -Dmlmlab.pauseAt=NAME#N}, the program prints {@code paused at NAME#N} when it reaches
 * the N-th occurrence of NAME and waits there to be killed. Without that property it does nothing.
 * This is how the tests kill a real training process at chosen points, not only between them.
 */
public final class PausePoint {
    private static final String WANTED = System.getProperty("mlmlab.pauseAt");
    private static final Map<String, Integer> SEEN = new HashMap<>();

    private PausePoint() {
    }

    public static void at(String name) {
        if (WANTED == null) {
            return;
        }
        int occurrence;
        synchronized (SEEN) {
            occurrence = SEEN.merge(name, 1, Integer::sum);
        }
        String here = name + "#" + occurrence;
        if (here.equals(WANTED)) {
            System.out.println("paused at " + here);
            System.out.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // only a kill ends this
                }
            }
        }
    }
}
