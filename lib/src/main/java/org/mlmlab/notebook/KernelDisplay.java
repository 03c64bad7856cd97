package org.mlmlab.notebook;

/**
 * Sends outputs to whatever runs this code: a Java Jupyter kernel, or a plain terminal.
 * The kernels expose display through their own classes, so each bridge reaches them by
 * reflection; this keeps the library free of kernel dependencies and the notebooks free of
 * kernel-specific code.
 */
interface KernelDisplay {

    /** Shows the bundle as a new output; returns an id for {@link #update}. */
    String display(MimeBundle bundle);

    /** Replaces the output shown under {@code id}. */
    void update(String id, MimeBundle bundle);

    /** The name of what displays the outputs, e.g. "rapaio-jupyter-kernel". */
    String name();

    /** The first bridge whose kernel is running in this JVM, else the terminal. */
    static KernelDisplay detect() {
        KernelDisplay rapaio = RapaioDisplay.ifRunning();
        if (rapaio != null) {
            return rapaio;
        }
        KernelDisplay ijavaFamily = IJavaFamilyDisplay.ifRunning();
        if (ijavaFamily != null) {
            return ijavaFamily;
        }
        return new TerminalDisplay();
    }

    /** Loads a kernel class if it is there; null if this JVM is not that kernel. */
    static Class<?> kernelClass(String name) {
        for (ClassLoader loader : new ClassLoader[] {KernelDisplay.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()}) {
            try {
                return Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError | NullPointerException e) {
                // not in this loader: try the next one
            }
        }
        return null;
    }
}
