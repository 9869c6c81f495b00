package org.contrastlab.core.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.contrastlab.core.TestData;
import org.contrastlab.core.data.ImageStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The views made on the GPU equal those made on the CPU from the same parameters, for every
 * op (the DINO CIFAR recipe has both interpolations' crop path, jitter with hue, grey,
 * solarize; the MoCo v2 one blur). Runs with {@code mvn verify -Pgpu} on a machine with CUDA.
 */
@Tag("gpu")
class DeviceParityTest {
    @Test
    void gpuViewsEqualCpuViews() {
        assumeTrue(Engine.getInstance().getGpuCount() > 0, "no GPU");
        ImageStore images = TestData.cifarTestImages(64);
        for (String name : List.of("dino-cifar", "moco-v2", "byol-cifar")) {
            ViewRecipe recipe = ViewRecipes.byName(name);
            List<ViewDraws> params = Views.draw(Seeds.random(1), images.size(), 32, 32, recipe);
            float[][] cpu = make(images, params, recipe, Device.cpu());
            float[][] gpu = make(images, params, recipe, Device.gpu());
            for (int v = 0; v < cpu.length; v++) {
                double worst = 0;
                for (int k = 0; k < cpu[v].length; k++) {
                    worst = Math.max(worst, Math.abs(cpu[v][k] - gpu[v][k]));
                }
                assertEquals(0, worst, 1e-3, name + " view " + v);
            }
        }
    }

    private static float[][] make(ImageStore images, List<ViewDraws> params, ViewRecipe recipe, Device device) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            return Views.make(Views.toUnit(images.toNDArray(m)), params, recipe).stream()
                    .map(a -> a.toFloatArray()).toArray(float[][]::new);
        }
    }
}
