package org.contrastlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WarmupCosineScheduleTest {
    @Test
    void warmsUpLinearlyThenDecaysAlongACosine() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(1.0, 0.0, 10, 110);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.5, s.at(60), 1e-12);
        assertEquals(0.0, s.at(110), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.25)), s.at(35), 1e-12);
    }
}
