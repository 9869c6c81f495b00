package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.contrastlab.core.augment.RandAugment.Op;
import org.contrastlab.core.io.SafeTensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each RandAugment op against PIL's, as PyContrast calls it, on the same images
 * ({@code fixtures/randaugment.safetensors}, written by {@code benchmarks/randaugment_fixtures.py}
 * with Debian's python3-pil). PIL stores every result in 8 bits, truncating where it
 * interpolates or blends; ours stays in floats. Tolerances in 8-bit levels: the ops PIL defines
 * on levels (invert, posterize, solarize, solarize-add, autocontrast, equalize) agree exactly; the
 * warps to within one level (PIL truncates its bilinear mix); the enhancers to within two (PIL
 * rounds its degenerate image and the contrast's mean grey to levels first).
 */
class RandAugmentFixturesTest {
    private static SafeTensors.Contents fixtures;
    private static NDManager manager;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        fixtures = SafeTensors.read(Path.of(RandAugmentFixturesTest.class.getResource("/fixtures/randaugment.safetensors").toURI()));
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void pointOpsMatchPilExactly() {
        for (Op op : new Op[] {Op.INVERT, Op.POSTERIZE, Op.SOLARIZE, Op.SOLARIZE_ADD, Op.AUTO_CONTRAST, Op.EQUALIZE}) {
            compare(op, 0.01);
        }
    }

    @Test
    void warpsMatchPilWithinALevel() {
        for (Op op : new Op[] {Op.ROTATE, Op.SHEAR_X, Op.SHEAR_Y, Op.TRANSLATE_X, Op.TRANSLATE_Y}) {
            compare(op, 1.01);
        }
    }

    @Test
    void enhancersMatchPilWithinTwoLevels() {
        for (Op op : new Op[] {Op.COLOR, Op.CONTRAST, Op.BRIGHTNESS, Op.SHARPNESS}) {
            compare(op, 2.01);
        }
    }

    /** Every case of {@code op} in the fixtures, each image of the batch through our batched op. */
    private static void compare(Op op, double levels) {
        SafeTensors.Tensor in = fixtures.tensors().get("images");
        int n = (int) in.shape()[0];
        int s = (int) in.shape()[2];
        int cases = 0;
        for (int k = 0; fixtures.tensors().containsKey(op.label() + "." + k + ".out"); k++) {
            double arg = fixtures.tensors().get(op.label() + "." + k + ".arg").data()[0];
            SafeTensors.Tensor expected = fixtures.tensors().get(op.label() + "." + k + ".out");
            ViewDraws draws = ViewDraws.identity(n, s, s);
            for (int i = 0; i < n; i++) {
                draws.rand().set(i, 0, op.ordinal(), arg);
            }
            float[] ours;
            try (NDManager m = manager.newSubManager()) {
                NDArray images = m.create(in.data(), new Shape(n, 3, s, s));
                ours = BatchAugmenter.apply(images, draws, ViewGroup.builder().size(s).build(), BatchAugmenter.Stage.SOLARIZE)
                        .toFloatArray();
            }
            float[] pil = expected.data();
            assertEquals(pil.length, ours.length);
            double worst = 0;
            for (int j = 0; j < pil.length; j++) {
                worst = Math.max(worst, Math.abs(ours[j] - pil[j]) * 255);
            }
            assertTrue(worst <= levels, String.format(Locale.ROOT, "%s(%s): %.3f levels from PIL's at worst (allowed %.2f)",
                    op.label(), arg, worst, levels));
            cases++;
        }
        assertTrue(cases > 0, "no fixture for " + op.label());
    }
}
