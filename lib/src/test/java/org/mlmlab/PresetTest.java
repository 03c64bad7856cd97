package org.mlmlab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PresetTest {
    @Test
    void namesAreCaseInsensitive() {
        assertEquals(Preset.TINY, Preset.named(" Tiny "));
    }

    @Test
    void unknownNamesListTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preset.named("huge"));
        assertTrue(e.getMessage().contains("tiny, lab, seed, gpu"), e.getMessage());
    }

    @Test
    void theEngineRunsOnTheDefaultDevice() {
        String line = Lab.describe();
        assertTrue(line.contains("DJL 0.35.1"), line);
        assertTrue(line.contains("PyTorch 2.7.1"), line);
    }
}
