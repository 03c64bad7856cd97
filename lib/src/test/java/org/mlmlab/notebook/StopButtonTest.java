package org.mlmlab.notebook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StopButtonTest {
    @Test
    void aPressIsSeenByTheLoopsWatchingThenAndNotByLaterOnes() {
        StopButton running = StopButton.watch();
        assertFalse(running.pressed());
        StopButton.press();
        assertTrue(running.pressed(), "the kernel's press, through the system property");
        assertFalse(StopButton.watch().pressed(), "a loop started after the press goes on");
    }

    @Test
    void anInterruptIsAPressAndIsConsumed() {
        StopButton running = StopButton.watch();
        Thread.currentThread().interrupt();
        assertTrue(running.pressed());
        assertFalse(Thread.currentThread().isInterrupted(), "the stopping loop consumed it: its saves must not see it");
        Thread.currentThread().interrupt();
        assertFalse(StopButton.watch().pressed(), "an interrupt left from an earlier cell is not a press now");
    }
}
