package org.mlmlab.notebook;

/**
 * The notebook's stop button, as a long loop of the library sees it (training checks it at every step).
 *
 * <p>The lab's rapaio kernel counts the presses in a system property, which the kernel and the
 * notebook's code share whatever their class loaders, and interrupts the cell's thread only if the cell
 * has not ended some seconds later: an interrupt closes any file or socket the thread is writing at that
 * moment (a checkpoint, an output on its way to the notebook). Other kernels (JJava) interrupt at once,
 * and an interrupt counts as a press too.
 */
public final class StopButton {
    static final String PRESSES = "mlm-lab.stop-button.presses";
    private final long pressesAtStart;

    private StopButton(long pressesAtStart) {
        this.pressesAtStart = pressesAtStart;
    }

    /** Watches for presses from now on. */
    public static StopButton watch() {
        Thread.interrupted();   // an interrupt left over from before (a cell stopped earlier) is not a press now
        return new StopButton(presses());
    }

    /** Pressed since {@link #watch()}, or the thread interrupted (consumed: the loop is stopping). */
    public boolean pressed() {
        return Thread.interrupted() | presses() != pressesAtStart;
    }

    /** The kernel's side: one more press. */
    static synchronized void press() {
        System.setProperty(PRESSES, Long.toString(presses() + 1));
    }

    private static long presses() {
        String presses = System.getProperty(PRESSES);
        return presses == null ? 0 : Long.parseLong(presses);
    }
}
