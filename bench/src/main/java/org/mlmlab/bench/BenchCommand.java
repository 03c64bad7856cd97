package org.mlmlab.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./lab bench ...}: benchmarks that print figures, side by side with the implementations a user
 * would pick instead (never part of the tests). They live in their own module, off the kernel's class path.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, side by side with reference implementations.",
        subcommands = {TokenizerBench.class, TrainBench.class, SoakBench.class, RepeatBench.class, ProfileBench.class, QualityBench.class,
                RecipeBench.class,
                CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        // A user's mistake (an option out of range, a missing reference) gets its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                System.err.println("lab bench: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
