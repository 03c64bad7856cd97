package org.mlmlab.cli;

import org.mlmlab.Lab;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The library's command line, behind {@code ./lab}. The bash script handles setup, Jupyter and
 * Maven; everything that is Java (training, prediction, benchmarks) comes here.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "mlm-lab: masked language modeling from scratch, in Java.",
        subcommands = {LabCli.Info.class, KernelspecCommand.class, StudentCommand.class, RunsCommand.class, CompareCommand.class, CorpusCommand.class, TokenizerCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, BenchCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class LabCli implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code: 0 done, 2 refused (the message says why), 1 a failure of ours. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new LabCli());
        // A user's mistake (no corpus, a mismatched tokenizer, a corrupt file) gets its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException
                    || e instanceof org.mlmlab.corpus.CorpusException || e instanceof org.mlmlab.tokenizer.TokenizerException) {
                System.err.println("lab: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print Java, DJL, engine, device and preset in use.")
    static final class Info implements Runnable {
        @Override
        public void run() {
            System.out.println(Lab.describe());
        }
    }
}
