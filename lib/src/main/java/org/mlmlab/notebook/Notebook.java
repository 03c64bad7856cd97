package org.mlmlab.notebook;

/**
 * The one door from lessons to the screen. {@code Notebook.show(chart)} draws an XChart chart
 * as a PNG, {@code Notebook.show(table)} a Tablesaw table as HTML, {@code Notebook.show(strip)}
 * coloured tokens, under any Java kernel; in a terminal each prints as text.
 */
public final class Notebook {
    private static KernelDisplay display;

    private Notebook() {
    }

    /** Shows an object as a new output. */
    public static void show(Object content) {
        display().display(Rendering.of(content));
    }

    /** Shows an object in an output that can be replaced later (a live chart, a progress line). */
    public static LiveOutput live(Object content) {
        KernelDisplay target = display();
        return new LiveOutput(target, target.display(Rendering.of(content)));
    }

    /** A progress bar for {@code total} units of work, redrawn in place (HTML in a notebook, one line in a terminal). */
    public static Progress progress(String task, long total) {
        return Progress.of(display(), task, total);
    }

    /** Shows HTML, with a plain-text fallback for terminals. */
    public static void html(String html, String text) {
        display().display(MimeBundle.html(html, text));
    }

    /** Which kernel (or "terminal") receives the outputs. */
    public static String kernelName() {
        return display().name();
    }

    private static synchronized KernelDisplay display() {
        if (display == null) {
            display = KernelDisplay.detect();
        }
        return display;
    }
}
