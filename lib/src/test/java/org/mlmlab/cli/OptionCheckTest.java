package org.mlmlab.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.*;

/** A wrong option value is refused before anything runs, in the option's own words. */
class OptionCheckTest {

    private static String refusal(Object command, String... args) {
        StringWriter err = new StringWriter();
        int rc = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
        assertNotEquals(0, rc, String.join(" ", args) + " was accepted");
        return err.toString();
    }

    @Test
    void trainingOptionsOutOfRangeAreRefusedByName() {
        String[][] cases = {
                {"--lr", "NaN", "--lr must be a number above 0"},
                {"--lr", "0", "--lr must be a number above 0"},
                {"--steps", "0", "--steps must be a whole number above 0"},
                {"--minutes", "-1", "--minutes must be a number above 0"},
                {"--mask-rate", "0", "--mask-rate must be a share above 0 and below 1"},
                {"--warmup", "1", "--warmup must be a share from 0 up to"},
                {"--clip", "-1", "--clip must be 0 (no clipping) or more"},
                {"--batch-rows", "0", "--batch-rows must be a whole number above 0"},
        };
        for (String[] c : cases) {
            String err = refusal(new TrainCommand(), "--preset", "tiny", "--name", "never-made", c[0], c[1]);
            assertTrue(err.contains(c[2]), c[0] + " " + c[1] + ": " + err.lines().findFirst().orElse(""));
        }
    }

    @Test
    void tokenizerSizesMustBePositive() {
        assertTrue(refusal(new TokenizerCommand.Train(), "--vocab-size", "0", "--out", "never-made").contains("--vocab-size must be"));
        assertTrue(refusal(new TokenizerCommand.Encode(), "--tokenizer", "none", "--max-length", "-3", "hi").contains("--max-length must be"));
    }

    @Test
    void valuesInRangeAndOptionsNotGivenPass() {
        assertDoesNotThrow(() -> OptionCheck.positive("--lr", 2e-3, "2e-3"));
        assertDoesNotThrow(() -> OptionCheck.positive("--steps", (Integer) null));
        assertThrows(IllegalArgumentException.class, () -> OptionCheck.positive("--lr", Double.POSITIVE_INFINITY, "2e-3"));
    }
}
