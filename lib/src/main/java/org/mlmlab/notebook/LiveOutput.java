package org.mlmlab.notebook;

/** An output shown once and then redrawn in place, e.g. a loss chart during training. */
public final class LiveOutput {
    private final KernelDisplay display;
    private final String id;

    LiveOutput(KernelDisplay display, String id) {
        this.display = display;
        this.id = id;
    }

    /** Replaces what this output shows. */
    public void update(Object content) {
        display.update(id, Rendering.of(content));
    }
}
