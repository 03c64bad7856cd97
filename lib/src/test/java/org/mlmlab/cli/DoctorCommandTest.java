package org.mlmlab.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DoctorCommandTest {

    @Test
    void aSlowerMachineTakesLongerButLesson5sBudgetsDoNotStretch() {
        int lesson5 = DoctorCommand.LESSON_WITH_BUDGET;
        double reference5 = DoctorCommand.REFERENCE_SECONDS.get(lesson5);
        assertEquals(reference5, DoctorCommand.expectedSeconds(lesson5, 1.0), 1e-9, "the reference machine takes the reference time");
        double half = DoctorCommand.expectedSeconds(lesson5, 2.0);
        // twice as slow: everything but the budgets doubles
        assertEquals(DoctorCommand.BUDGET_SECONDS + 2 * (reference5 - DoctorCommand.BUDGET_SECONDS), half, 1e-9);
        assertEquals(2 * DoctorCommand.REFERENCE_SECONDS.get(1), DoctorCommand.expectedSeconds(1, 2.0), 1e-9);
        assertTrue(reference5 > DoctorCommand.BUDGET_SECONDS, "lesson 5 takes longer than its training budgets");
    }

    /** ./lab doctor --students N: memory for every student at their peak, and each kernel's share of the cores. */
    @Test
    void aClassroomPlanSharesTheCoresAndCountsEachStudentsMemory() {
        ClassroomPlan six = ClassroomPlan.of(6, 2, 24_000);   // the load test's machine
        assertTrue(six.fits());
        assertEquals(1, six.threads(), "more students than cores: one thread each");
        assertEquals(3.0, six.slowdown(), 1e-9, "6 single-threaded kernels on 2 cores");
        assertEquals(ClassroomPlan.HUB_MB + 6 * ClassroomPlan.STUDENT_MB, six.neededMb(), 1e-9);

        ClassroomPlan few = ClassroomPlan.of(4, 16, 64_000);
        assertEquals(4, few.threads(), "16 cores for 4 students: 4 threads each");
        assertEquals(1.0, few.slowdown(), 1e-9);

        ClassroomPlan many = ClassroomPlan.of(40, 16, 64_000);
        assertFalse(many.fits());
        assertEquals((int) ((64_000 - ClassroomPlan.HUB_MB) / ClassroomPlan.STUDENT_MB), many.mostStudents());
        ClassroomPlan.Row memory = many.rows().get(0);
        assertFalse(memory.ok());
        assertTrue(memory.detail().contains("fewer students"), memory.detail());
        assertThrows(IllegalArgumentException.class, () -> ClassroomPlan.of(0, 2, 24_000));
    }

    @Test
    void availableMemoryIsReadOnLinux() {
        double mb = org.mlmlab.ResidentMemory.availableMegabytes();
        assertTrue(mb > 0, "MemAvailable (or the cgroup's room) in MB: " + mb);
    }
}
