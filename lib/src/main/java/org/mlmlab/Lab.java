package org.mlmlab;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the lab runs: the deep-learning engine and device, the preset, and the project folders.
 * Every notebook starts by printing {@link #describe()}, so a student always sees whether the
 * GPU was picked up (DJL falls back to the CPU silently when it cannot load CUDA).
 */
public final class Lab {
    /** Set by the kernelspec and {@code ./lab} to the project root. */
    public static final String HOME_ENV = "MLM_LAB_HOME";
    /** The corpus every lesson reads (a name or a file, as lesson 1 takes it); the default corpus when unset. */
    public static final String CORPUS_ENV = "MLM_LAB_CORPUS";
    /**
     * The most CPU threads one kernel or command may use for PyTorch's work, e.g. 2 for each of many students
     * on one server (unset: every core). PyTorch reads it when the engine starts.
     */
    public static final String THREADS_ENV = "MLM_LAB_THREADS";
    private static final int THREADS = threads(System.getenv(THREADS_ENV));
    /**
     * Where the lessons write what they hand on (splits, tokenizers, training runs), when not {@code data/runs}: on a
     * classroom server each student's own folder, while the course's checkout (library, corpora) stays read-only.
     */
    public static final String RUNS_ENV = "MLM_LAB_RUNS";
    /** What lesson 1 reads when {@link #CORPUS_ENV} is not set: the npm package nlp-corpus. */
    public static final String DEFAULT_CORPUS = "nlp-corpus";

    static {
        // PyTorch's CPU build comes from Maven Central, so DJL must not try to download natives.
        // The GPU setup (MLM_LAB_GPU=1) lets DJL fetch the CUDA build that fits the machine.
        if (System.getProperty("ai.djl.offline") == null && System.getenv("MLM_LAB_GPU") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        int threads = THREADS;
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** {@link #THREADS_ENV} as a number, 0 when unset; a value that is not a whole number above 0 is said, once, and not used. */
    static int threads(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        System.err.println("lab: " + THREADS_ENV + " must be a whole number above 0 (the CPU threads one kernel may use), not '"
                + value + "': every core is used. Set it to e.g. 2, or unset it.");
        return 0;
    }

    private Lab() {
    }

    /** The deep-learning engine (PyTorch through DJL), loaded on first use. */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /** The GPU when the engine sees one, the CPU otherwise. */
    public static Device device() {
        return engine().defaultDevice();
    }

    public static Preset preset() {
        return Preset.current();
    }

    /** The corpus named by {@code mlmlab.corpus} or {@code MLM_LAB_CORPUS}; {@link #DEFAULT_CORPUS} when neither is set. */
    public static String corpus() {
        String name = System.getProperty("mlmlab.corpus", System.getenv(CORPUS_ENV));
        return name == null || name.isBlank() ? DEFAULT_CORPUS : name.trim();
    }

    /** One line that says what runs where, e.g. {@code Java 17.0.15 | DJL 0.35.1 | PyTorch 2.7.1 on cpu() | preset lab}. */
    public static String describe() {
        return describe(preset());
    }

    /** The same line for a preset other than the current one (a command's {@code --preset}). */
    public static String describe(Preset preset) {
        Engine engine = engine();
        return "Java " + Runtime.version()
                + " | DJL " + Engine.getDjlVersion()
                + " | " + engine.getEngineName() + " " + engine.getVersion()
                + " on " + describe(engine.defaultDevice())
                + " | preset " + preset
                + (corpus().equals(DEFAULT_CORPUS) ? "" : " | corpus " + corpus());
    }

    private static String describe(Device device) {
        if (device.isGpu()) {
            return device + " (GPU)";
        }
        int cap = THREADS;
        int cores = Runtime.getRuntime().availableProcessors();
        return device + (cap > 0 ? " (" + Math.min(cap, cores) + " of " + cores + " CPU threads, " + THREADS_ENV + ")" : " (" + cores + " CPU threads)");
    }

    /**
     * The project root: {@code mlmlab.home} or {@code MLM_LAB_HOME}, else the nearest folder above the working
     * directory that holds {@code notebooks/} and {@code lib/}.
     */
    public static Path home() {
        String env = System.getProperty("mlmlab.home", System.getenv(HOME_ENV));
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("notebooks")) && Files.isDirectory(dir.resolve("lib"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** Downloaded corpora live here, and the lessons' runs unless {@link #RUNS_ENV} puts them elsewhere (ignored by git). */
    public static Path dataDir() {
        return home().resolve("data");
    }

    /** The folder the lessons write into: {@code mlmlab.runs} or {@link #RUNS_ENV}, else {@code data/runs}. */
    public static Path runsDir() {
        String runs = System.getProperty("mlmlab.runs", System.getenv(RUNS_ENV));
        return runs == null || runs.isBlank() ? dataDir().resolve("runs") : Path.of(runs.trim()).toAbsolutePath();
    }
}
