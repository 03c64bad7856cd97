package org.mlmlab.notebook;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;

/**
 * Display through JJava or IJava. Both keep the kernel behind a static accessor (its name
 * changed across versions) and publish through {@code kernel.getIO().display}, a stream with
 * {@code display(DisplayData)} and {@code updateDisplay(String, DisplayData)}.
 */
final class IJavaFamilyDisplay implements KernelDisplay {
    /** Static accessors of the running kernel: JJava 1.0 final, JJava 1.0 alphas, IJava 1.3. */
    private static final String[][] ACCESSORS = {
        {"org.dflib.jjava.kernel.JavaNotebookStatics", "kernel", "JJava"},
        {"org.dflib.jjava.JJava", "getKernelInstance", "JJava"},
        {"io.github.spencerpark.ijava.IJava", "getKernelInstance", "IJava"},
    };

    private final String name;
    private final Object stream;
    private final Class<?> dataClass;
    private final Method display;
    private final Method updateDisplay;

    private IJavaFamilyDisplay(String name, Object kernel) throws ReflectiveOperationException {
        this.name = name;
        Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
        this.stream = io.getClass().getField("display").get(io);
        Method show = null;
        for (Method m : stream.getClass().getMethods()) {
            if (m.getName().equals("display") && m.getParameterCount() == 1) {
                show = m;
            }
        }
        if (show == null) {
            throw new NoSuchMethodException("display(DisplayData)");
        }
        this.display = show;
        this.dataClass = show.getParameterTypes()[0];
        this.updateDisplay = stream.getClass().getMethod("updateDisplay", String.class, dataClass);
    }

    static KernelDisplay ifRunning() {
        for (String[] accessor : ACCESSORS) {
            Class<?> holder = KernelDisplay.kernelClass(accessor[0]);
            if (holder == null) {
                continue;
            }
            try {
                Object kernel = holder.getMethod(accessor[1]).invoke(null);
                if (kernel != null) {
                    return new IJavaFamilyDisplay(accessor[2], kernel);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // this accessor has no running kernel: try the next
            }
        }
        return null;
    }

    @Override
    public String display(MimeBundle bundle) {
        String id = UUID.randomUUID().toString();
        try {
            display.invoke(stream, toDisplayData(id, bundle));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name + " display failed", e);
        }
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        try {
            updateDisplay.invoke(stream, id, toDisplayData(id, bundle));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name + " display failed", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    private Object toDisplayData(String id, MimeBundle bundle) throws ReflectiveOperationException {
        Object data = dataClass.getConstructor().newInstance();
        Method put = dataClass.getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> e : bundle.data().entrySet()) {
            put.invoke(data, e.getKey(), e.getValue());
        }
        dataClass.getMethod("setDisplayId", String.class).invoke(data, id);
        return data;
    }
}
