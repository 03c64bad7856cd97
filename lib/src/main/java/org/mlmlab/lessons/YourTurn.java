package org.mlmlab.lessons;

/**
 * What the student edition's stubs throw: this part is not written yet. It names the method it
 * stands in (found on the call stack) and has no stack trace, so a cell that needs the method
 * says in one line what to write, instead of printing the kernel's trace.
 */
public final class YourTurn extends RuntimeException {
    public YourTurn() {
        super(Check.YOUR_TURN + ": " + caller() + " is not written yet. Write it in its cell above, run that cell, then this one.",
                null, false, false);
    }

    /** The method whose body is the stub: the first frame outside the library (a JShell snippet's method). */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("org.mlmlab."))
                .findFirst().map(f -> f.getMethodName() + "()").orElse("this part"));
    }
}
