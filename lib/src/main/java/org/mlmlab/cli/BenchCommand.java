package org.mlmlab.cli;

import picocli.CommandLine.Command;

/** {@code ./lab bench ...}: benchmarks that print figures (never part of the tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, side by side with reference implementations.",
        subcommands = {TokenizerBench.class, TrainBench.class, SoakBench.class, RepeatBench.class, ProfileBench.class, QualityBench.class})
final class BenchCommand {
}
