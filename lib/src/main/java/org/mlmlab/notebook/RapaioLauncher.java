package org.mlmlab.notebook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Starts rapaio-jupyter-kernel (3.0.x) the way its {@code MainApp} does, without its two start-up races.
 * The kernelspec runs this class with rapaio's jar and this class alone on the classpath.
 *
 * <p>Why: about one start in five never answered Jupyter's first request ("Connecting to kernel"
 * forever). rapaio's channel loops are {@code LoopThread}s whose {@code start()} sets
 * {@code running = true} only after {@code Thread.start()}; a thread that is scheduled first reads
 * {@code false}, leaves its loop and ends without a word, and nothing reads that socket again.
 * Second, the sockets are bound before the message handlers exist, so a request that arrives in
 * between is dropped as "Unhandled". Here the loops cannot read a request until the handlers are
 * in place, and a watchdog restarts, with {@code running} set before the start, any channel loop
 * that ended while its channel is open.
 *
 * <p>Its shell and control channels are then read by {@link RapaioRequests}' loops, which make the stop
 * button, Run All after an error and the kernel's status on opening work as in a Python kernel.
 *
 * <p>It also leaves out {@code MainApp}'s log line with the connection file, HMAC key included, and the
 * classpath lines printed while the kernel builds, and logs at WARNING, so Jupyter's log shows only what
 * needs attention.
 *
 * <p>Everything is reached by reflection: this class must load without rapaio's jar (the library's
 * tests) and must not put the library's classes beside rapaio's shaded ones. {@code RapaioLauncherTest}
 * checks that every field named here exists in the rapaio version the build pins.
 */
public final class RapaioLauncher {
    static final String MAIN_APP = "org.rapaio.jupyter.kernel.MainApp";
    static final String CHANNELS = "org.rapaio.jupyter.kernel.channels.Channels";
    static final String LOOP_THREAD = "org.rapaio.jupyter.kernel.channels.LoopThread";
    static final String CONNECTION_PROPERTIES = "org.rapaio.jupyter.kernel.core.ConnectionProperties";
    static final String TRANSFORM = "org.rapaio.jupyter.kernel.core.Transform";
    /** The channels that read their socket in a loop thread, by their field in {@code Channels}. */
    static final List<String> LOOPING_CHANNELS = List.of("shell", "control", "heartbeat");
    /** The fields read or written here: class, field. */
    static final List<String[]> FIELDS = List.of(new String[] {CHANNELS, "shell"},
            new String[] {CHANNELS, "control"}, new String[] {CHANNELS, "heartbeat"},
            new String[] {"org.rapaio.jupyter.kernel.channels.AbstractChannel", "closed"},
            new String[] {"org.rapaio.jupyter.kernel.channels.ShellChannel", "loopThread"},
            new String[] {"org.rapaio.jupyter.kernel.channels.ControlChannel", "loopThread"},
            new String[] {"org.rapaio.jupyter.kernel.channels.HeartbeatChannel", "loopThread"},
            new String[] {LOOP_THREAD, "running"}, new String[] {LOOP_THREAD, "sleep"}, new String[] {LOOP_THREAD, "loopBody"});

    /** What rapaio's JavaEngine prints per classpath entry. */
    static final Pattern CLASSPATH_LINE = Pattern.compile("Parsing classpath: .*|Add .* to classpath");

    private static final Logger LOG = Logger.getLogger(RapaioLauncher.class.getSimpleName());

    private RapaioLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RapaioLauncher CONNECTION_FILE (Jupyter passes {connection_file})");
        }
        quietLogging();
        String connection = Files.readString(Path.of(args[0]));
        Object properties = Class.forName(TRANSFORM).getMethod("fromJson", String.class, Class.class)
                .invoke(null, connection, Class.forName(CONNECTION_PROPERTIES));
        Object kernel = kernelWithoutClasspathLines();
        Object channels = Class.forName(CHANNELS).getConstructor(Class.forName(CONNECTION_PROPERTIES)).newInstance(properties);

        // connect() binds the sockets first and fills the handler map last; a request read in between finds
        // no handler. Reading a message locks its channel (readMessage is synchronized), so holding the
        // shell's and the control's locks through connect() makes their loops wait for the full map.
        Object shell = field(channels.getClass(), "shell").get(channels);
        Object control = field(channels.getClass(), "control").get(channels);
        Runnable[] loops;
        synchronized (shell) {
            synchronized (control) {
                channels.getClass().getMethod("connect", kernel.getClass()).invoke(channels, kernel);
                loops = new RapaioRequests(kernel, channels).install();
                // rapaio's own shell and control loops end (after the one request each may be waiting to read)
                for (Object channel : List.of(shell, control)) {
                    Object loop = field(channel.getClass(), "loopThread").get(channel);
                    field(loop.getClass(), "running").set(loop, false);
                }
            }
        }
        // ... and RapaioRequests' loops read them from now on.
        replaceLoop(shell, loops[0]);
        replaceLoop(control, loops[1]);

        // Watch the loops until the kernel shuts down (which closes every channel).
        while (!isClosed(shell)) {
            for (String name : LOOPING_CHANNELS) {
                restartIfEnded(name, field(channels.getClass(), name).get(channels));
            }
            Thread.sleep(200);
        }
        channels.getClass().getMethod("joinUntilClose").invoke(channels);
    }

    /**
     * rapaio's kernel, built by {@code MainApp}'s class initialiser. While it builds, it prints two lines to
     * standard output for every classpath entry (about 80 on every start, into Jupyter's log); those lines
     * are left out and anything else it prints is passed on.
     */
    static Object kernelWithoutClasspathLines() throws ReflectiveOperationException {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            return Class.forName(MAIN_APP).getField("kernel").get(null);
        } finally {
            System.setOut(out);
            printed.toString(StandardCharsets.UTF_8).lines()
                    .filter(line -> !CLASSPATH_LINE.matcher(line).matches())
                    .forEach(out::println);
        }
    }

    /** rapaio's own logging setup, at WARNING: no per-message lines, no connection details. */
    private static void quietLogging() throws Exception {
        // Read through this class's loader: loading MainApp here would build the kernel before its time.
        try (var in = RapaioLauncher.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        }
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    /** Waits for the channel's loop thread to end, then starts one with {@code body} in its place. */
    private static void replaceLoop(Object channel, Runnable body) throws ReflectiveOperationException, InterruptedException {
        Field loopField = field(channel.getClass(), "loopThread");
        Thread ended = (Thread) loopField.get(channel);
        ended.join(5000);
        loopField.set(channel, looping(ended, body));
    }

    private static void restartIfEnded(String name, Object channel) throws ReflectiveOperationException {
        Field loopField = field(channel.getClass(), "loopThread");
        Thread loop = (Thread) loopField.get(channel);
        if (loop == null || loop.isAlive() || isClosed(channel)) {
            return;
        }
        loopField.set(channel, restarted(loop));
        LOG.warning("restarted the " + name + " channel's loop, which had ended at start-up");
    }

    /** A new loop thread with the ended one's name, pause and body, started with {@code running} already set. */
    static Thread restarted(Thread ended) throws ReflectiveOperationException {
        return looping(ended, (Runnable) field(ended.getClass(), "loopBody").get(ended));
    }

    /** A new loop thread with the name and pause of {@code like} and that body, started with {@code running} already set. */
    private static Thread looping(Thread like, Runnable body) throws ReflectiveOperationException {
        Class<?> loopClass = like.getClass();
        Thread fresh = (Thread) loopClass.getConstructor(String.class, long.class, Runnable.class)
                .newInstance(like.getName(), field(loopClass, "sleep").get(like), body);
        field(loopClass, "running").set(fresh, true);   // before the start: the race this class exists for
        fresh.setDaemon(false);
        fresh.start();
        return fresh;
    }

    private static boolean isClosed(Object channel) throws ReflectiveOperationException {
        return (boolean) field(channel.getClass(), "closed").get(channel);
    }

    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name + ": this launcher fits rapaio-jupyter-kernel 3.0.x");
    }
}
