package org.mlmlab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MLM_LAB_THREADS: a whole number above 0 caps PyTorch's threads; unset, or anything else (said on stderr), leaves every core. */
class LabThreadsTest {
    @Test
    void onlyAWholeNumberAboveZeroCapsTheThreads() {
        assertEquals(2, Lab.threads("2"));
        assertEquals(3, Lab.threads(" 3 "));
        assertEquals(0, Lab.threads(null));
        assertEquals(0, Lab.threads(""));
        assertEquals(0, Lab.threads("0"));
        assertEquals(0, Lab.threads("-1"));
        assertEquals(0, Lab.threads("two"));
    }
}
