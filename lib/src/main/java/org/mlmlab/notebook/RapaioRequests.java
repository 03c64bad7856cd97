package org.mlmlab.notebook;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The loops that read rapaio's shell and control channels, in place of its own (3.0.x), so that the
 * kernel behaves in JupyterLab as a Python kernel does:
 * <ul>
 * <li><b>The stop button stops a cell and the kernel keeps working.</b> rapaio handled an interrupt
 * on the control thread with the shell's shared state: the running cell's reply went to the interrupt's
 * sender (the cell stayed {@code [*]} for ever), and its executor was shut down (every later cell got a
 * number and no output). Here an interrupt is answered on its own channel and the {@link StopButton} pressed
 * (the training loop stops at its next step and saves); a cell still running after {@link #STOP_GRACE_SECONDS}
 * is interrupted, and one still running after as long again is abandoned, with rapaio's "interrupted" error
 * (and its thread stopped where Java still allows it).
 * <li><b>Run All stops at the first error</b>: after a cell fails, the requests already queued behind it
 * with {@code stop_on_error} are answered "aborted" and not run (rapaio ran them all).
 * <li><b>The kernel's status is known when a notebook opens</b>: JupyterLab and Jupyter's server ignore
 * the busy/idle of a kernel_info request (their {@code untracked_message_types}), and rapaio sent no other
 * status until a cell ran; here every kernel_info request is followed by an "idle" of its own.
 * </ul>
 * Everything is reached by reflection, as in {@link RapaioLauncher}; {@code RapaioLauncherTest} checks
 * that each name used here exists in the rapaio version the build pins.
 */
final class RapaioRequests {
    static final String CHANNELS = RapaioLauncher.CHANNELS;
    static final String MESSAGE = "org.rapaio.jupyter.kernel.message.Message";
    static final String HEADER = "org.rapaio.jupyter.kernel.message.Header";
    static final String MESSAGE_TYPE = "org.rapaio.jupyter.kernel.message.MessageType";
    static final String STATUS = "org.rapaio.jupyter.kernel.message.messages.IOPubStatus";
    /** The fields read or written here: class, field. */
    static final List<String[]> FIELDS = List.of(new String[] {CHANNELS, "iopub"}, new String[] {CHANNELS, "afterActions"},
            new String[] {"org.rapaio.jupyter.kernel.channels.AbstractChannel", "socket"},
            new String[] {"org.rapaio.jupyter.kernel.core.RapaioKernel", "javaEngine"},
            new String[] {"org.rapaio.jupyter.kernel.core.java.JavaEngine", "controlProvider"},
            new String[] {"org.rapaio.jupyter.kernel.core.java.JavaEngine", "executionId"},
            new String[] {"org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl", "executor"});
    /** How long a stopped cell has to end by itself before it is interrupted, and then before it is abandoned. */
    static final long STOP_GRACE_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(RapaioRequests.class.getSimpleName());

    private final Object kernel;
    private final Object channels;
    private final Object shell;
    private final Object control;
    private final Object iopub;
    private RunningCell running;
    /** A cell failed: the cells queued behind it are answered "aborted", until the queue is empty. */
    private boolean aborting;
    /** The request being handled failed (its error reply was scheduled). */
    private volatile boolean failed;

    RapaioRequests(Object kernel, Object channels) throws ReflectiveOperationException {
        this.kernel = kernel;
        this.channels = channels;
        this.shell = get(channels, "shell");
        this.control = get(channels, "control");
        this.iopub = get(channels, "iopub");
    }

    /**
     * Takes over after {@code Channels.connect}: notes failed requests, wraps the cells' executor, and
     * returns the bodies for the shell's and the control's loop threads.
     */
    Runnable[] install() throws ReflectiveOperationException {
        // rapaio schedules each request's reply as an "after action"; the reply to a failed request is the
        // one that carries the exception. Replacing the (private, final) stack lets us see it pushed.
        set(channels, "afterActions", new Stack<Runnable>() {
            @Override
            public Runnable push(Runnable action) {
                if (carriesAnException(action)) {
                    failed = true;
                }
                return super.push(action);
            }
        });
        running = new RunningCell((ExecutorService) get(executionControl(), "executor"));
        set(executionControl(), "executor", running);
        return new Runnable[] {() -> loopOnce(shell, this::serveShell), () -> loopOnce(control, this::serveControl)};
    }

    private void loopOnce(Object channel, Server server) {
        try {
            if (hasMessage(channel)) {
                server.serve(call(channel, "readMessage"));
            }
        } catch (Exception e) {
            LOG.severe("a request failed: " + e);
        }
    }

    private interface Server {
        void serve(Object message) throws Exception;
    }

    private void serveShell(Object message) throws Exception {
        String type = type(message);
        if (type.equals("execute_request") && aborting) {
            call(shell, "sendMessage", reply(message, "execute_reply", Map.of("status", "aborted")));
            return;
        }
        failed = false;
        serveAsRapaioDoes(message);
        if (type.equals("execute_request") && failed && (boolean) call(call(message, "content"), "stopOnError")) {
            // The requests queued behind the failed cell are read at once, without the loop's pause between two:
            // its cells are aborted, anything else is served. A cell sent afterwards (run again by hand) runs.
            aborting = true;
            try {
                while (hasMessage(shell)) {
                    serveShell(call(shell, "readMessage"));
                }
            } finally {
                aborting = false;
            }
        } else if (type.equals("kernel_info_request")) {
            call(iopub, "sendMessage", message(List.of(), header(call(message, "header"), "status"), null, constant(STATUS, "IDLE")));
        }
    }

    private void serveControl(Object message) throws Exception {
        switch (type(message)) {
            case "interrupt_request" -> {
                call(control, "sendMessage", reply(message, "interrupt_reply", Map.of("status", "ok")));
                stopTheRunningCell();
            }
            case "kernel_info_request" -> {
                Method info = kernel.getClass().getDeclaredMethod("kernelInfo");
                info.setAccessible(true);
                call(control, "sendMessage", reply(message, "kernel_info_reply", info.invoke(kernel)));
            }
            default -> serveAsRapaioDoes(message);   // shutdown: the kernel ends
        }
    }

    /**
     * Presses the {@link StopButton} (the library's loops stop at their next step); interrupts the cell's thread
     * if it is still running after the grace time (a sleep, a wait); abandons the cell after as long again.
     */
    private void stopTheRunningCell() throws Exception {
        Thread cell = running.thread();
        if (cell == null) {
            return;
        }
        StopButton.press();
        if (!endsWithinGrace(cell)) {
            cell.interrupt();
        }
        if (!endsWithinGrace(cell)) {
            LOG.warning("a cell did not stop within " + STOP_GRACE_SECONDS + " s of an interrupt: abandoned");
            call(executionControl(), "interrupt");   // cancels its future: the cell ends with rapaio's "interrupted" error
            stopAbandoned(cell);
        }
    }

    private boolean endsWithinGrace(Thread cell) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        while (running.thread() == cell && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return running.thread() != cell;
    }

    /**
     * Code that ignores interrupts (a student's endless loop) would go on using a core until the kernel
     * restarts. Java up to 19 can still stop a thread from outside, as JShell's own agent does; later
     * versions refuse, and the thread is left.
     */
    @SuppressWarnings("removal")
    private static void stopAbandoned(Thread cell) {
        try {
            Thread.class.getMethod("stop").invoke(cell);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            LOG.warning("the abandoned cell's thread cannot be stopped on this Java: restart the kernel to free its core");
        }
    }

    /** What rapaio's own loop does with a request: its handler, with the shared message id and after actions. */
    private void serveAsRapaioDoes(Object message) throws Exception {
        Object handler = call(channels, "getHandler", call(call(message, "header"), "type"));
        if (handler == null) {
            LOG.severe("unhandled message: " + type(message));
            return;
        }
        call(channels, "setMsgId", call(message, "getId"));
        try {
            call(handler, "handle", message);
        } finally {
            call(channels, "runAfterActions");
        }
        if ((boolean) call(channels, "isMarkedForShutdown")) {
            call(channels, "close");
        }
    }

    // --- rapaio's messages ---

    private static String type(Object message) throws ReflectiveOperationException {
        return (String) call(call(call(message, "header"), "type"), "name");
    }

    /** A reply to {@code request}, to its sender, with {@code content} (a map is sent as JSON as it is). */
    private Object reply(Object request, String type, Object content) throws ReflectiveOperationException {
        Object header = call(request, "header");
        return message((List<?>) call(request, "identities"), header(header, type), header, content);
    }

    /** A header of {@code type}, in the session of the request it answers (as rapaio's own are). */
    private static Object header(Object request, String type) throws ReflectiveOperationException {
        Class<?> header = Class.forName(HEADER, true, request.getClass().getClassLoader());
        Object messageType = Class.forName(MESSAGE_TYPE, true, header.getClassLoader()).getMethod("getType", String.class).invoke(null, type);
        return header.getConstructor(String.class, String.class, String.class, String.class, messageType.getClass(), String.class)
                .newInstance(UUID.randomUUID().toString(), "kernel", call(request, "sessionId"), Instant.now().toString(), messageType, "5.4");
    }

    private Object message(List<?> identities, Object header, Object parent, Object content) throws ReflectiveOperationException {
        Class<?> message = Class.forName(MESSAGE, true, header.getClass().getClassLoader());
        for (var constructor : message.getConstructors()) {
            if (constructor.getParameterCount() == 6) {
                return constructor.newInstance(identities, header, parent, null, content, null);
            }
        }
        throw new NoSuchMethodException(MESSAGE + "(identities, header, parentHeader, metadata, content, buffers)");
    }

    private Object constant(String className, String name) throws ReflectiveOperationException {
        return Class.forName(className, true, kernel.getClass().getClassLoader()).getField(name).get(null);
    }

    private Object executionControl() throws ReflectiveOperationException {
        Object engine = get(kernel, "javaEngine");
        return call(get(engine, "controlProvider"), "getRegisteredControl", get(engine, "executionId"));
    }

    /** ZeroMQ's events of the channel's socket say a message is waiting (POLLIN), without reading it. */
    private static boolean hasMessage(Object channel) throws ReflectiveOperationException {
        return ((int) call(get(channel, "socket"), "getEvents") & 1) != 0;
    }

    /** A lambda that captured an exception: rapaio's reply to a failed request. */
    static boolean carriesAnException(Runnable action) {
        for (Field f : action.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                f.setAccessible(true);
                if (f.get(action) instanceof Throwable) {
                    return true;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not readable: not one of rapaio's replies
            }
        }
        return false;
    }

    // --- reflection ---

    private static Object get(Object target, String field) throws ReflectiveOperationException {
        return RapaioLauncher.field(target.getClass(), field).get(target);
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        RapaioLauncher.field(target.getClass(), field).set(target, value);
    }

    /** Calls the public method of that name and number of arguments. */
    static Object call(Object target, String method, Object... args) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length && !m.isSynthetic()) {
                    m.setAccessible(true);
                    return m.invoke(target, args);
                }
            }
        }
        for (Class<?> i : target.getClass().getInterfaces()) {
            for (Method m : i.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    return m.invoke(target, args);
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + method + " with " + args.length + " argument(s)");
    }
}
