package org.contrastlab.app.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.attention.AttentionMap;
import org.contrastlab.core.attention.AttentionReader;
import org.contrastlab.core.attention.PatchedPicture;
import org.contrastlab.core.data.ImageDecoder;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.env.DeviceChoice;
import org.contrastlab.core.io.PngFiles;
import org.contrastlab.core.viewer.AttentionModel;
import org.contrastlab.core.viewer.ViTModel;
import org.contrastlab.visual.AttentionColors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab attention}: a ViT's CLS attention on one image, written as PNGs: one per
 * head, their mean, and DINO's mask over the image. A Swin run (MoBY's) has no CLS token: its
 * maps are where the tokens of the chosen block look on average, within their windows.
 */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Write a ViT's CLS attention on an image as PNGs: head-N.png, mean.png, mask-N.png (each head's mask, "
                + "as DINO draws them) and mask.png (the mean's).")
public final class AttentionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    ViTSource source;
    @Option(names = "--image", required = true, description = "an image file (PNG, JPEG, …)")
    Path image;
    @Option(names = "--size", description = "longest side the image is scaled down to (default: the size the ViT was trained at)")
    Integer size;
    @Mixin
    AttentionOptions attention;
    @Option(names = "--smooth", description = "bilinear upsampling of the maps instead of one block per patch "
            + "(DINO's visualize_attention.py upsamples nearest, the default)")
    boolean smooth;
    @Option(names = "--alpha", defaultValue = "0.6", description = "opacity of the map over the image (default: ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--out", required = true, description = "folder for the PNGs")
    Path out;

    @Override
    public Integer call() throws IOException {
        attention.check();
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--alpha must be within [0, 1], got " + alpha);
        }
        DeviceChoice device = DeviceChoice.parse(common.device);
        try (NDManager manager = NDManager.newBaseManager(device.device())) {
            AttentionModel model = source.loadAny(manager);
            ImageStore picture = ImageDecoder.single(image, size != null ? size : model.imageSize());
            PatchedPicture cut;
            AttentionMap map;
            String what;
            if (model instanceof ViTModel vit) {
                cut = PatchedPicture.of(picture, vit.vit().size().patch(), image.toString(), "; give a larger --size");
                map = new AttentionReader(vit.vit(), new ParameterStore(manager, false)).read(cut.input(vit.normalization(), manager),
                        attention.layer)[0];
                what = String.format(Locale.ROOT, "layer %d", map.layer());
            } else {
                // a Swin has no CLS token: the maps are where its tokens look on average, within their windows
                cut = model.cut(picture, image.toString());
                AttentionModel.Look look = model.look(cut, attention.layer, new ParameterStore(manager, false), manager);
                map = look.attention().map(0);
                what = look.layer() + "; no CLS token: the maps are the " + look.first();
            }
            int h = cut.height();
            int w = cut.width();
            int[] argb = cut.argb();
            Files.createDirectories(out);
            for (int head = -1; head < map.headCount(); head++) {
                int[] heat = AttentionColors.heat(map.upsample(map.map(head), h, w, smooth));
                write(AttentionColors.blend(argb, heat, alpha), w, h, head < 0 ? "mean.png" : "head-" + head + ".png");
            }
            // DINO's visualize_attention.py: one mask a head, the patches holding the given share of its attention
            for (int head = -1; head < map.headCount(); head++) {
                boolean[] mask = map.upsample(AttentionMap.massMask(head < 0 ? map.mean() : map.map(head), attention.mass), h, w);
                write(AttentionColors.maskOverlay(argb, mask, w, 0xffd400), w, h, head < 0 ? "mask.png" : "mask-" + head + ".png");
            }
            model.notices().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            spec.commandLine().getErr().printf(Locale.ROOT, "%s, %s: %d heads on a %d×%d patch grid of %s (%d×%d px)%n",
                    model.description(), what, map.headCount(), map.gridW(), map.gridH(), image, w, h);
            spec.commandLine().getOut().println("attention_pngs=" + (2 * map.headCount() + 2) + " " + out);
        }
        return 0;
    }

    private void write(int[] argb, int w, int h, String name) throws IOException {
        PngFiles.write(out.resolve(name), argb, w, h);
    }
}
