package org.mlmlab.cli;

import org.mlmlab.Lab;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.List;

/**
 * The library's command line, behind {@code ./lab}. The bash script handles setup, Jupyter and
 * Maven; everything that is Java (training, prediction) comes here. The benchmarks have a command line
 * of their own, in the bench module, off the kernel's class path.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "mlm-lab: masked language modeling from scratch, in Java.")
public final class LabCli implements Runnable {
    /** Every command, in the order the help lists them. */
    static final List<Class<?>> COMMANDS = List.of(LabCli.Info.class, KernelspecCommand.class, StudentCommand.class, RunsCommand.class,
            CompareCommand.class, CorpusCommand.class, TokenizerCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, FinetuneCommand.class,
            DoctorCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * The command line for {@code args}. picocli builds each command's model by reflection as it is
     * added: all of them took 0.26 s, a sixth of a whole tokenizer training on the default corpus.
     * So a command line that names its command gets only that one; help, usage and mistakes get
     * them all (to list them, and to suggest the name meant).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new LabCli());
        String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        List<Class<?>> only = COMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class)
                .filter(c -> c.getAnnotation(Command.class).name().equals(named)).toList();
        (only.isEmpty() ? COMMANDS : only).forEach(cli::addSubcommand);
        cli.setCaseInsensitiveEnumValuesAllowed(true);   // --decay linear as well as LINEAR
        return cli;
    }

    /** Runs one command line and returns its exit code: 0 done, 2 refused (the message says why), 1 a failure of ours. */
    static int execute(String... args) {
        CommandLine cli = commandLine(args);
        // A user's mistake (no corpus, a mismatched tokenizer, a corrupt file) gets its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException
                    || e instanceof org.mlmlab.corpus.CorpusException || e instanceof org.mlmlab.tokenizer.TokenizerException) {
                System.err.println("lab: " + e.getMessage());
                return 2;
            }
            if (e instanceof java.io.IOException io) {   // a path given that cannot be used as it is (a file where a folder goes, ...)
                System.err.println("lab: " + org.mlmlab.FileError.describe(io) + ". Give another path.");
                return 2;
            }
            throw e;
        });
        // picocli reads any argument that starts with '-' as an option: a text like "-5 degrees" needs '--' before it.
        CommandLine.IParameterExceptionHandler parse = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) -> {
            int exit = parse.handleParseException(e, arguments);
            boolean dashText = Arrays.stream(arguments).anyMatch(a -> a.startsWith("-") && !a.startsWith("--") && a.length() > 1
                    && !Character.isLetter(a.charAt(1)) || a.startsWith("-") && a.contains(" "));
            if (dashText) {
                System.err.println("A text that starts with '-' is read as an option: put '--' before the texts, e.g. ./lab predict -- \"-5 degrees today\"");
            }
            return exit;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
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
