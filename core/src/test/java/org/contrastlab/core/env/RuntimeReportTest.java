package org.contrastlab.core.env;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The doctor's huge-pages line: what a user reads to know whether the faster allocation (1.4–4× a step) is on. */
class RuntimeReportTest {
    @Test
    void hugePagesAreOnWhenTheTunableAsksAndTheKernelAllowsIt() {
        assertTrue(RuntimeReport.hugePages("glibc.malloc.hugetlb=1", "madvise").startsWith("on"));
        assertTrue(RuntimeReport.hugePages("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", null).startsWith("on"));
    }

    @Test
    void hugePagesAreOffWithoutTheTunableAndTheLineSaysHowToTurnThemOn() {
        String line = RuntimeReport.hugePages(null, "madvise");
        assertTrue(line.startsWith("off") && line.contains("CONTRASTLAB_HUGEPAGES"), line);
        assertTrue(RuntimeReport.hugePages("glibc.malloc.hugetlb=0", "madvise").startsWith("off"));
    }

    @Test
    void theKernelDecidesWhenItsModeIsNeverOrAlways() {
        assertTrue(RuntimeReport.hugePages("glibc.malloc.hugetlb=1", "never").contains("disabled in the kernel"));
        assertTrue(RuntimeReport.hugePages(null, "always").startsWith("on"));
    }
}
