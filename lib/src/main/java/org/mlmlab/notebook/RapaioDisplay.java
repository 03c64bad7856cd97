package org.mlmlab.notebook;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;

/** Display through rapaio-jupyter-kernel ({@code MainApp.kernel.display(DisplayData)}). */
final class RapaioDisplay implements KernelDisplay {
    private final Object kernel;
    private final Method newData;
    private final Method putData;
    private final Method setId;
    private final Method display;
    private final Method updateDisplay;

    private RapaioDisplay(Object kernel, Class<?> dataClass) throws ReflectiveOperationException {
        this.kernel = kernel;
        this.newData = dataClass.getMethod("withType", String.class, String.class);
        this.putData = dataClass.getMethod("putData", String.class, Object.class);
        this.setId = dataClass.getMethod("setDisplayId", String.class);
        this.display = kernel.getClass().getMethod("display", dataClass);
        this.updateDisplay = kernel.getClass().getMethod("updateDisplay", dataClass);
    }

    static KernelDisplay ifRunning() {
        Class<?> app = KernelDisplay.kernelClass("org.rapaio.jupyter.kernel.MainApp");
        Class<?> data = KernelDisplay.kernelClass("org.rapaio.jupyter.kernel.display.DisplayData");
        if (app == null || data == null) {
            return null;
        }
        try {
            Object kernel = app.getField("kernel").get(null);
            return kernel == null ? null : new RapaioDisplay(kernel, data);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String display(MimeBundle bundle) {
        String id = UUID.randomUUID().toString();
        invoke(display, toDisplayData(id, bundle));
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        invoke(updateDisplay, toDisplayData(id, bundle));
    }

    @Override
    public String name() {
        return "rapaio-jupyter-kernel";
    }

    private Object toDisplayData(String id, MimeBundle bundle) {
        try {
            Object data = newData.invoke(null, MimeBundle.TEXT, bundle.plainText());
            for (Map.Entry<String, String> e : bundle.data().entrySet()) {
                putData.invoke(data, e.getKey(), e.getValue());
            }
            setId.invoke(data, id);
            return data;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rapaio-jupyter-kernel display failed", e);
        }
    }

    private void invoke(Method method, Object data) {
        try {
            method.invoke(kernel, data);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("rapaio-jupyter-kernel display failed", e);
        }
    }
}
