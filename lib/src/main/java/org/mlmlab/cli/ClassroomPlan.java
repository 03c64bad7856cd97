package org.mlmlab.cli;

import java.util.List;

/**
 * {@code ./lab doctor --students N}: whether one server holds a class of N working at once, and with which settings.
 * The figures per student are measured by {@code sudo ./lab hub load-test --students 6} on the 2-core, 24 GB
 * reference machine (TEACHING.md, "A classroom server"); for another machine they are an estimate.
 */
record ClassroomPlan(int students, int cores, double availableMb, int threads, double neededMb) {
    /**
     * One student's processes at their peak, their JupyterLab with lessons 3 and 5 open (two kernels, lesson 5
     * training, MLM_LAB_THREADS=1): 2,063 to 2,197 MB for six students in the load test, rounded up.
     */
    static final double STUDENT_MB = 2_400;
    /** JupyterHub and its proxy, and room for the system. */
    static final double HUB_MB = 500;

    static ClassroomPlan of(int students, int cores, double availableMb) {
        if (students < 1) {
            throw new IllegalArgumentException("--students must be 1 or more (the number of students working at once), not " + students);
        }
        return new ClassroomPlan(students, cores, availableMb, Math.max(1, cores / students), HUB_MB + students * STUDENT_MB);
    }

    boolean fits() {
        return Double.isNaN(availableMb) || neededMb <= availableMb;
    }

    /** The most students this memory holds at once. */
    int mostStudents() {
        return (int) Math.max(0, Math.floor((availableMb - HUB_MB) / STUDENT_MB));
    }

    /** How many times as long a lesson's computing takes when every student computes at once (1: no slower than alone). */
    double slowdown() {
        return Math.max(1.0, (double) students * threads / cores);
    }

    /** One line of the doctor's screen. */
    record Row(String name, boolean ok, String detail) {
    }

    /** The doctor's lines for the class: memory, the settings to start the hub with, the pace when all compute at once. */
    List<Row> rows() {
        String memory = String.format("%d students need about %,.0f MB (%,.0f MB each: JupyterLab with two lessons' kernels open; "
                + "the hub %,.0f MB); %,.0f MB available, enough for %d", students, neededMb, STUDENT_MB, HUB_MB, availableMb, mostStudents());
        String settings = String.format("sudo MLM_LAB_THREADS=%d ./lab hub: %d thread%s per kernel, the students' share of %d cores", threads,
                threads, threads == 1 ? "" : "s", cores);
        String pace = slowdown() == 1.0
                ? "every kernel has its own cores: each lesson as fast as alone"
                : String.format("when all compute at once, each lesson's work takes about %.1f times as long as alone "
                        + "(lesson 5 trains for its fixed minutes, with fewer steps)", slowdown());
        return List.of(new Row("students", fits(), memory + (fits() ? "" : ": fewer students, or more memory")),
                new Row("settings", true, settings), new Row("pace", true, pace));
    }
}
