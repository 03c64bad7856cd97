package org.mlmlab.notebook;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Against the rapaio-jupyter-kernel jar the build pins (copied to target/kernel before the tests). */
class RapaioLauncherTest {
    static URLClassLoader rapaio;

    @BeforeAll
    static void loadThePinnedKernel() throws Exception {
        Path jar = Path.of("target/kernel/rapaio-jupyter-kernel.jar");
        assertTrue(Files.isRegularFile(jar), jar + " (mvn copies it before the tests)");
        rapaio = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        rapaio.close();
    }

    @Test
    void everyFieldTheLauncherTouchesExistsInThePinnedKernel() throws Exception {
        for (String[] classAndField : RapaioLauncher.FIELDS) {
            assertNotNull(RapaioLauncher.field(rapaio.loadClass(classAndField[0]), classAndField[1]), String.join(".", classAndField));
        }
        for (String name : RapaioLauncher.LOOPING_CHANNELS) {
            assertNotNull(RapaioLauncher.field(rapaio.loadClass(RapaioLauncher.CHANNELS), name));
        }
        for (String[] classAndField : RapaioRequests.FIELDS) {
            assertNotNull(RapaioLauncher.field(rapaio.loadClass(classAndField[0]), classAndField[1]), String.join(".", classAndField));
        }
        var getType = rapaio.loadClass(RapaioRequests.MESSAGE_TYPE).getMethod("getType", String.class);
        for (String type : new String[] {"execute_reply", "interrupt_reply", "kernel_info_reply", "status"}) {
            assertEquals(type, RapaioRequests.call(getType.invoke(null, type), "name"), "a message type RapaioRequests sends");
        }
        rapaio.loadClass(RapaioLauncher.MAIN_APP).getField("kernel");
        rapaio.loadClass(RapaioLauncher.TRANSFORM).getMethod("fromJson", String.class, Class.class);
    }

    /** The race itself: a loop thread that reads running before start() sets it ends without running its body once. */
    @Test
    void aLoopThatEndedAtStartIsRestartedAndRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Runnable body = runs::incrementAndGet;
        Thread ended = (Thread) rapaio.loadClass(RapaioLauncher.LOOP_THREAD).getConstructor(String.class, long.class, Runnable.class)
                .newInstance("Shell-0", 5L, body);
        ended.run();   // what the new thread does when it wins the race: running is still false
        assertEquals(0, runs.get(), "the body never ran");
        assertFalse(ended.isAlive());

        Thread fresh = RapaioLauncher.restarted(ended);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (runs.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(runs.get() >= 3, "the restarted loop runs its body again and again: " + runs.get());
            assertEquals("Shell-0", fresh.getName());
            assertFalse(fresh.isDaemon(), "a loop keeps the kernel alive, as rapaio's own do");
        } finally {
            rapaio.loadClass(RapaioLauncher.LOOP_THREAD).getMethod("shutdown").invoke(fresh);
            fresh.join(5000);
        }
        assertFalse(fresh.isAlive(), "shutdown still ends it");
    }

    /** What keeps a loop from reading a request before connect() has made the handlers: the channel's lock. */
    @Test
    void readingAMessageTakesTheChannelsLock() throws Exception {
        var read = rapaio.loadClass("org.rapaio.jupyter.kernel.channels.AbstractChannel").getMethod("readMessage");
        assertTrue(java.lang.reflect.Modifier.isSynchronized(read.getModifiers()), read.toString());
    }

    /** How a failed request is told from the others: rapaio's reply to it is a lambda that captured the exception. */
    @Test
    void aReplyThatCapturedAnExceptionIsTheReplyToAFailure() {
        Exception failure = new IllegalStateException("a cell failed");
        int count = 3;
        Runnable errorReply = () -> System.out.println(count + " " + failure);
        Runnable okReply = () -> System.out.println(count);
        assertTrue(RapaioRequests.carriesAnException(errorReply));
        assertFalse(RapaioRequests.carriesAnException(okReply));
    }

    @Test
    void onlyTheClasspathLinesAreLeftOut() {
        assertTrue(RapaioLauncher.CLASSPATH_LINE.matcher("Parsing classpath: /lab/lib/target/mlm-lab.jar").matches());
        assertTrue(RapaioLauncher.CLASSPATH_LINE.matcher("Add /lab/lib/target/dependency/gson-2.13.1.jar to classpath").matches());
        assertFalse(RapaioLauncher.CLASSPATH_LINE.matcher("Exception in thread \"main\" java.lang.OutOfMemoryError").matches());
        assertFalse(RapaioLauncher.CLASSPATH_LINE.matcher("Add two numbers to classpath entries first").matches());
    }
}
