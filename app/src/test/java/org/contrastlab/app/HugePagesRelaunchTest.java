package org.contrastlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HugePagesRelaunchTest {
    private static final String LAUNCHER = "/opt/contrastlab/bin/ContrastLab";
    private static final String[] ARGS = {"train", "--data", "sample:shapes"};

    @Test
    void thePackagedLauncherStartsTheAppAgainWithItsArguments() {
        assertEquals(Optional.of(List.of(LAUNCHER, "train", "--data", "sample:shapes")),
                HugePagesRelaunch.command(LAUNCHER, Map.of(), "madvise", ARGS));
        assertEquals(Optional.of(List.of(LAUNCHER)), HugePagesRelaunch.command(LAUNCHER, Map.of(), "madvise", new String[0]));
    }

    @Test
    void anythingButThePackagedLauncherGoesOn() {
        // ./contrastlab, tests and `java -cp` runs: the script or the pom sets the tunable where it should be set
        assertTrue(HugePagesRelaunch.command(null, Map.of(), "madvise", ARGS).isEmpty());
    }

    @Test
    void aUserWhoDeclinesOrAlreadyAskedIsLeftAlone() {
        assertTrue(HugePagesRelaunch.command(LAUNCHER, Map.of("CONTRASTLAB_HUGEPAGES", "0"), "madvise", ARGS).isEmpty());
        assertTrue(HugePagesRelaunch.command(LAUNCHER, Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0"), "madvise", ARGS).isEmpty());
        // the relaunched process itself: it never starts a third
        String tunables = HugePagesRelaunch.withHugePages(null);
        assertTrue(HugePagesRelaunch.command(LAUNCHER, Map.of("GLIBC_TUNABLES", tunables), "madvise", ARGS).isEmpty());
    }

    @Test
    void onlyAKernelThatGivesHugePagesOnRequestIsWorthASecondStart() {
        assertTrue(HugePagesRelaunch.command(LAUNCHER, Map.of(), "always", ARGS).isEmpty(), "every mapping gets them already");
        assertTrue(HugePagesRelaunch.command(LAUNCHER, Map.of(), "never", ARGS).isEmpty());
        assertTrue(HugePagesRelaunch.command(LAUNCHER, Map.of(), null, ARGS).isEmpty(), "not Linux, or THP unknown");
    }

    @Test
    void theTunableIsAppendedToTheUsersOwn() {
        assertEquals("glibc.malloc.hugetlb=1", HugePagesRelaunch.withHugePages(null));
        assertEquals("glibc.malloc.hugetlb=1", HugePagesRelaunch.withHugePages(""));
        assertEquals("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", HugePagesRelaunch.withHugePages("glibc.malloc.arena_max=2"));
    }
}
