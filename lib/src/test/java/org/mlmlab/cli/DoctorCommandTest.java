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

    @Test
    void availableMemoryIsReadOnLinux() {
        double mb = org.mlmlab.ResidentMemory.availableMegabytes();
        assertTrue(mb > 0, "MemAvailable (or the cgroup's room) in MB: " + mb);
    }
}
