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
        subcommands = {LabCli.Info.class, KernelspecCommand.class, CorpusCommand.class, TokenizerCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class LabCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabCli()).execute(args));
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
