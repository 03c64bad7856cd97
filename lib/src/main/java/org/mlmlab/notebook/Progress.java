package org.mlmlab.notebook;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/**
 * A progress bar with a message (loss, speed...) and an ETA, redrawn in place: in a notebook as
 * an HTML bar in one output, in a terminal by the progressbar library on one line.
 * Create it with {@link Notebook#progress}; close it when the work ends.
 */
public abstract class Progress implements AutoCloseable {
    /** Moves the bar to {@code done} of its total and shows {@code message} beside it. */
    public abstract void update(long done, String message);

    @Override
    public abstract void close();

    static Progress of(KernelDisplay display, String task, long total) {
        return display instanceof TerminalDisplay ? new Terminal(task, total) : new InNotebook(display, task, total);
    }

    /** The progressbar library, on stderr's line. */
    private static final class Terminal extends Progress {
        private final ProgressBar bar;

        Terminal(String task, long total) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).setMaxRenderedLength(140).build();
        }

        @Override
        public void update(long done, String message) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + message);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** An HTML bar in one notebook output, redrawn at most twice a second (each redraw is a message to the front end). */
    private static final class InNotebook extends Progress {
        private static final long REDRAW_NANOS = 500_000_000L;
        private final LiveOutput output;
        private final String task;
        private final long total;
        private final long start = System.nanoTime();
        private long lastDraw;
        private long done;
        private String message = "";

        InNotebook(KernelDisplay display, String task, long total) {
            this.task = task;
            this.total = total;
            this.output = new LiveOutput(display, display.display(render()));
            this.lastDraw = System.nanoTime();
        }

        @Override
        public void update(long done, String message) {
            this.done = done;
            this.message = message;
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS || done >= total) {
                output.update(render());
                lastDraw = now;
            }
        }

        @Override
        public void close() {
            output.update(render());
        }

        private MimeBundle render() {
            double elapsed = (System.nanoTime() - start) / 1e9;
            String eta = done == 0 ? "?" : clock(elapsed * (total - done) / done);
            String status = String.format("%s %d/%d | %s elapsed, ETA %s | %s", task, done, total, clock(elapsed), eta, message);
            String html = "<div style=\"font-family:monospace\"><progress value=\"" + done + "\" max=\"" + total
                    + "\" style=\"width:40%;vertical-align:middle\"></progress> " + Html.escape(status) + "</div>";
            return MimeBundle.html(html, status);
        }

        private static String clock(double seconds) {
            Duration d = Duration.ofSeconds(Math.round(seconds));
            return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
        }
    }
}
