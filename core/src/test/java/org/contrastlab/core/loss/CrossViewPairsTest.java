package org.contrastlab.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cross-view pairing of BYOL, SwAV and DINO with multi-crop. */
class CrossViewPairsTest {
    @Test
    void everyViewPredictsEachGlobalViewButItself() {
        try (NDManager m = NDManager.newBaseManager()) {
            // view i holds the number i; a pair (g, v) adds 100·g + v
            List<NDArray> views = IntStream.range(0, 8).mapToObj(i -> m.create((float) i)).toList();
            List<NDArray> targets = views.subList(0, 2);
            List<String> pairs = new ArrayList<>();
            NDArray mean = CrossViewPairs.mean(targets, views, (t, v) -> {
                pairs.add((int) t.getFloat() + "→" + (int) v.getFloat());
                return t.mul(100).add(v);
            });
            assertEquals(14, pairs.size(), pairs.toString());
            assertEquals(CrossViewPairs.count(2, 8), pairs.size());
            assertEquals(List.of("0→1", "0→2", "0→3", "0→4", "0→5", "0→6", "0→7",
                    "1→0", "1→2", "1→3", "1→4", "1→5", "1→6", "1→7"), pairs, "locals pair with every global, no view with itself");
            // g = 0: 1 + 2 + … + 7 = 28; g = 1: 7 · 100 + (0 + 2 + … + 7) = 727
            assertEquals((28 + 727) / 14.0, mean.getFloat(), 1e-4);
        }
    }

    @Test
    void crossEntropyIsTheMeanOverRowsOfMinusTargetTimesLogProbability() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(new float[] {1, 0, 0.5f, 0.5f}, new Shape(2, 2));
            NDArray logP = m.create(new float[] {-1, -2, -3, -4}, new Shape(2, 2));
            assertEquals((1 + 3.5) / 2, CrossViewPairs.crossEntropy(t, logP).getFloat(), 1e-6);
        }
    }

    @Test
    void oneViewMakesNoPair() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> one = List.of(m.create(1f));
            assertThrows(IllegalArgumentException.class, () -> CrossViewPairs.mean(one, one, NDArray::add));
        }
    }
}
