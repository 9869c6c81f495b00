package org.contrastlab.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.attention.AttentionReader;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.env.NoGrad;
import org.contrastlab.core.model.BackboneSpec;
import org.contrastlab.core.model.vit.VisionTransformer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab bench attention}: the time to read every head's CLS attention of one image
 * (the viewer's work per image), against a plain forward pass of the same ViT in the same run.
 */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Milliseconds per image for the attention maps of a ViT (default vit-small/16 at 224 px) on the CPU.")
public final class BenchAttentionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @CommandLine.Mixin
    CommonOptions common;
    @Option(names = "--backbone", defaultValue = "vit-small", description = "a ViT backbone (default: ${DEFAULT-VALUE})")
    String backbone;
    @Option(names = "--size", defaultValue = "224", description = "image side in pixels (default: ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--repeats", defaultValue = "10", description = "timed images (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    public Integer call() {
        if (!(BackboneSpec.byId(backbone).newBlock() instanceof VisionTransformer)) {
            throw new IllegalArgumentException(backbone + " is not a ViT");
        }
        try (NDManager m = NDManager.newBaseManager(DeviceChoice.parse(common.device).device())) {
            VisionTransformer vit = (VisionTransformer) BackboneSpec.byId(backbone).newBlock();
            vit.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
            ParameterStore ps = new ParameterStore(m, false);
            AttentionReader reader = new AttentionReader(vit, ps);
            double forward = time(() -> {
                try (NDManager s = m.newSubManager(); NoGrad off = NoGrad.enter()) {
                    vit.forward(ps, new NDList(s.randomUniform(0, 1, new Shape(1, 3, size, size))), false).singletonOrThrow()
                            .toFloatArray();
                }
            });
            double attention = time(() -> {
                try (NDManager s = m.newSubManager()) {
                    NDArray image = s.randomUniform(0, 1, new Shape(1, 3, size, size));
                    reader.read(image, -1);
                }
            });
            var out = spec.commandLine().getOut();
            out.println(String.format(Locale.ROOT, "%s at %d px, %d heads, %d×%d patches, %d images after 2 warm-up",
                    backbone, size, vit.size().heads(), size / vit.size().patch(), size / vit.size().patch(), repeats));
            out.println(String.format(Locale.ROOT, "forward_ms_per_image=%.1f", forward));
            out.println(String.format(Locale.ROOT, "attention_over_forward=%.2f", attention / forward));
            out.println(String.format(Locale.ROOT, "attention_ms_per_image=%.1f", attention));
        }
        return 0;
    }

    private double time(Runnable r) {
        r.run();
        r.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / 1e6 / repeats;
    }
}
