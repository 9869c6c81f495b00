package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.contrastlab.core.env.HostPack;
import org.junit.jupiter.api.Test;

/**
 * The host half of a training step (drawing every view's parameters and working out the numbers
 * its ops need) makes arrays per batch and no object per image: what it allocates grows with
 * the batch by the numbers it sends and a few primitive slots per view, not by a record, a list
 * entry or a generator per view. Measured with the JVM's per-thread allocation counter.
 */
class HostHalfAllocationTest {
    private static final int SMALL = 256;
    private static final int LARGE = 1024;
    /** The view slots of {@link ViewDraws} (76 bytes) and the jitter stage's orderings (12). */
    private static final double SLOTS_PER_VIEW = 128;

    @Test
    void theHostHalfAllocatesNoObjectPerImage() {
        for (String name : new String[] {"simclr-cifar", "dino-cifar"}) {
            ViewRecipe recipe = ViewRecipes.byName(name);
            for (int warm = 0; warm < 30; warm++) {
                hostHalf(recipe, SMALL, warm);
                hostHalf(recipe, LARGE, warm);
            }
            long[] small = hostHalf(recipe, SMALL, 99);
            long[] large = hostHalf(recipe, LARGE, 99);
            double views = (double) (LARGE - SMALL) * recipe.viewCount();
            double perView = (large[0] - small[0]) / views;
            double sentPerView = (large[1] - small[1]) * Float.BYTES / views;
            assertTrue(perView - sentPerView < SLOTS_PER_VIEW, name + ": " + Math.round(perView)
                    + " bytes allocated per view, of which " + Math.round(sentPerView) + " are numbers sent");
        }
    }

    /** {bytes allocated on this thread, numbers packed} for one batch's host half. */
    private static long[] hostHalf(ViewRecipe recipe, int batch, long seed) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        HostPack pack = new HostPack();
        // the GPU's path: boxes are sent, not whole matrices
        Views.plan(Views.draw(new Random(seed), batch, 32, 32, recipe), recipe, 32, 32, true, pack);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        return new long[] {allocated, pack.floats()};
    }
}
