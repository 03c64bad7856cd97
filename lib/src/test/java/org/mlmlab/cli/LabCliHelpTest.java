package org.mlmlab.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabCliHelpTest {

    /** picocli formats descriptions with String.format: a lone % ("15% masks") prints a warning above the help. */
    @Test
    void everyCommandsHelpPrintsWithoutWarnings() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream err = System.err;
        StringBuilder help = new StringBuilder();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            render(LabCli.commandLine(), help);
        } finally {
            System.setErr(err);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), "write % as %% in descriptions");
        assertTrue(help.toString().contains("10% random"), "the help prints the % itself");
    }

    /** A command line that names its command builds only that one; help, no command or a wrong name get them all. */
    @Test
    void onlyTheNamedCommandIsBuilt() {
        assertEquals(java.util.Set.of("tokenizer"), LabCli.commandLine("tokenizer", "train", "--out", "x").getSubcommands().keySet());
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "tokenizer"}, {"tokeniser"}}) {
            assertEquals(LabCli.COMMANDS.size(), LabCli.commandLine(args).getSubcommands().size(), String.join(" ", args));
        }
    }

    private static void render(CommandLine cli, StringBuilder help) {
        help.append(cli.getUsageMessage());
        cli.getSubcommands().values().forEach(sub -> render(sub, help));
    }
}
