package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.contrastlab.core.TestData;
import org.contrastlab.core.augment.RandAugment.Op;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RandAugment as InfoMin's views draw and apply it: the draws follow PyContrast's rules, a recipe
 * without it draws what it drew before, a batch of views with different ops is each view made
 * alone, and a recipe file states it or is refused naming the field.
 */
class RandAugmentTest {
    @TempDir
    Path dir;

    @Test
    void drawsTwoOpsOfFifteenEachFiringHalfTheTimeAtMagnitudeTen() {
        ViewGroup group = ViewRecipes.byName("infomin-cifar").groups().get(0);
        int n = 4000;
        ViewDraws draws = Views.draw(new Random(3), n, 32, 32, group);
        int[] perOp = new int[Op.values().length];
        int fired = 0;
        boolean[] negative = new boolean[perOp.length];
        for (int i = 0; i < n; i++) {
            assertEquals(2, draws.rand().layers(i));
            for (int k = 0; k < 2; k++) {
                int op = draws.rand().op(i, k);
                if (op < 0) {
                    continue;
                }
                fired++;
                perOp[op]++;
                double arg = draws.rand().arg(i, k);
                negative[op] |= arg < 0;
                switch (Op.of(op)) {
                    // magnitude 10 ± 0.5, clipped at 10: rotations of 24–30°, factors of 1.54–1.9, 3 or 4 bits kept
                    case ROTATE -> assertTrue(Math.abs(arg) >= 24 && Math.abs(arg) <= 30 + 1e-9, "rotate " + arg);
                    case COLOR, CONTRAST, BRIGHTNESS, SHARPNESS -> assertTrue(arg >= 1.54 && arg <= 1.9 + 1e-9, "factor " + arg);
                    case POSTERIZE -> assertTrue(arg == 3 || arg == 4, "bits " + arg);
                    case TRANSLATE_X, TRANSLATE_Y -> assertTrue(Math.abs(arg) >= 0.36 && Math.abs(arg) <= 0.45 + 1e-9, "shift " + arg);
                    default -> {
                    }
                }
            }
        }
        double share = fired / (2.0 * n);
        assertTrue(share > 0.47 && share < 0.53, "fired " + share);
        for (Op op : Op.values()) {
            double p = perOp[op.ordinal()] / (double) fired;
            assertTrue(Math.abs(p - 1.0 / 15) < 0.015, op + " drawn " + p);
        }
        for (Op op : List.of(Op.ROTATE, Op.SHEAR_X, Op.SHEAR_Y, Op.TRANSLATE_X, Op.TRANSLATE_Y)) {
            assertTrue(negative[op.ordinal()], op + " is turned both ways");
        }
        assertTrue(draws.get(0).describe().containsKey("randAugment"));
    }

    @Test
    void aRecipeWithoutItDrawsWhatItDrewBefore() {
        ViewGroup with = ViewRecipes.byName("infomin-cifar").groups().get(0);
        ViewGroup without = with.toBuilder().randAugment(null).build();
        ViewDraws a = Views.draw(new Random(5), 200, 32, 32, with);
        ViewDraws b = Views.draw(new Random(5), 200, 32, 32, without);
        for (int i = 0; i < 200; i++) {
            ViewParams p = a.get(i);
            ViewParams q = b.get(i);
            assertEquals(new ViewParams(p.cropTop(), p.cropLeft(), p.cropHeight(), p.cropWidth(), p.flip(), p.jitterOrder(),
                    p.brightness(), p.contrast(), p.saturation(), p.hue(), p.grayscale(), p.blurSigma(), p.solarize()).describe(),
                    q.describe());
            assertEquals(0, b.rand().layers(i));
        }
    }

    @Test
    void aBatchOfMixedOpsIsEachViewMadeAlone() {
        ViewGroup group = ViewRecipes.byName("infomin-cifar").groups().get(0).toBuilder()
                .randAugment(new RandAugment(2, 10.0, 0.5, 1.0)).build();
        int n = 48;
        ImageStore store = TestData.cifarTestImages(n);
        ViewDraws draws = Views.draw(new Random(9), n, 32, 32, group);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray unit = Views.toUnit(store.toNDArray(m));
            float[] batched = BatchAugmenter.apply(unit, draws, group, BatchAugmenter.Stage.SOLARIZE).toFloatArray();
            int per = 3 * 32 * 32;
            List<String> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                NDArray one = unit.get(i + ":" + (i + 1));
                float[] alone = BatchAugmenter.apply(one, ViewDraws.of(List.of(draws.get(i))), group, BatchAugmenter.Stage.SOLARIZE)
                        .toFloatArray();
                float[] mine = new float[per];
                System.arraycopy(batched, i * per, mine, 0, per);
                assertArrayEquals(alone, mine, 1e-5f, "view " + i + " " + draws.get(i).describe().get("randAugment"));
                ops.add(String.valueOf(draws.get(i).describe().get("randAugment")));
            }
            assertTrue(ops.stream().distinct().count() > 30, "the batch mixes its ops");
        }
    }

    @Test
    void aRecipeFileStatesItAndABadOneIsRefused() throws IOException {
        Path f = dir.resolve("ra.yaml");
        String yaml = RecipeFiles.toYaml(ViewRecipes.byName("infomin-cifar"));
        assertTrue(yaml.contains("randAugment:"), yaml);
        Files.writeString(f, yaml.replaceFirst("(?s)randAugment:.*?probability: 0.5", "randAugment:\n    layers: 1"));
        RandAugment partial = RecipeFiles.read(f).groups().get(0).randAugment();
        assertEquals(new RandAugment(1, 10.0, 0.5, 0.5), partial);
        Files.writeString(f, yaml.replaceFirst("layers: 2", "layers: 9"));
        InvalidRecipeException e = assertThrows(InvalidRecipeException.class, () -> RecipeFiles.read(f));
        assertTrue(e.getMessage().contains("ra.yaml: groups[0].randAugment.layers must be within 1..4, got 9"), e.getMessage());
        assertTrue(!RecipeFiles.toYaml(ViewRecipes.byName("simclr-cifar")).contains("randAugment"), "absent where unused");
    }
}
