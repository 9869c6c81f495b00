package org.contrastlab.core.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.contrastlab.core.io.torch.CheckpointException;
import org.contrastlab.core.model.weights.EncoderSearch;
import org.contrastlab.core.model.weights.WeightsFile;

/**
 * A ResNet-50 or ResNet-18 under torchvision's names ({@code conv1.weight},
 * {@code layer1.0.bn1.running_mean}, {@code layer2.0.downsample.0.weight}, …) read from a
 * weights file, wherever in it the encoder sits (SimCLR's, MoCo v2's {@code module.encoder_q.},
 * BYOL's, SwAV's and Barlow Twins' releases): the network, and what was left out.
 */
public final class TorchvisionResNet {
    private static final String[] BN = {"weight", "bias", "running_mean", "running_var"};

    /** A ResNet read from a file: its block (pooled features), their width, and where it was. */
    public record Imported(Block backbone, String arch, int features, EncoderSearch.Match match, List<String> skipped, String format) {
        public String describe() {
            return arch + " (" + features + " features) from a " + format + ", " + match.describe()
                    + (skipped.isEmpty() ? "" : "; " + skipped.size() + " other tensors not used");
        }
    }

    private TorchvisionResNet() {
    }

    /** True if {@code names} hold a ResNet in torchvision's names under some prefix. */
    public static boolean holdsOne(Set<String> names) {
        return EncoderSearch.holdsResNet(names);
    }

    public static Imported load(Path file, String encoder, NDManager manager) throws IOException {
        try (WeightsFile w = WeightsFile.open(file)) {
            return load(w, encoder, manager);
        }
    }

    /** {@link #load(Path, String, NDManager)} from a file already open. */
    public static Imported load(WeightsFile w, String encoder, NDManager manager) throws IOException {
        Path file = w.file();
        Map<String, long[]> t = w.shapes();
        EncoderSearch.Match match = EncoderSearch.find(file.toString(), t.keySet(), "layer1.0.conv1.weight", encoder,
                "ResNet in torchvision's names");
        String prefix = match.prefix();
        boolean bottleneck = t.containsKey(prefix + "layer1.0.conv3.weight");
        int[] blocks = new int[4];
        for (int s = 0; s < 4; s++) {
            while (t.containsKey(prefix + "layer" + (s + 1) + "." + blocks[s] + ".conv1.weight")) {
                blocks[s]++;
            }
        }
        long[] stem = t.get(prefix + "conv1.weight");
        if (stem == null || stem.length != 4) {
            throw new CheckpointException(file + ": the ResNet tensor '" + prefix + "conv1.weight' is missing");
        }
        int stemWidth = (int) stem[0];
        boolean cifarStem = stem[2] == 3;
        Block net;
        String arch;
        if (bottleneck && Arrays.equals(blocks, ResNet50.BLOCKS) && !cifarStem) {
            net = ResNet50.build(stemWidth);
            arch = stemWidth == 64 ? "ResNet-50" : "ResNet-50 at stem width " + stemWidth;
        } else if (!bottleneck && Arrays.equals(blocks, new int[] {2, 2, 2, 2}) && stemWidth == 64) {
            net = ResNet18.build(cifarStem);
            arch = cifarStem ? "ResNet-18 (CIFAR stem)" : "ResNet-18";
        } else {
            throw new CheckpointException(file + ": a ResNet with " + (bottleneck ? "bottleneck" : "basic") + " blocks "
                    + Arrays.toString(blocks) + " and a " + stem[2] + "×" + stem[3] + " stem of " + stemWidth
                    + " channels; ResNet-50 and ResNet-18 in torchvision's layout are opened here");
        }
        net.setInitializer(Initializer.ZEROS, p -> true);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        List<String> names = names(blocks, bottleneck);
        List<Parameter> params = net.getParameters().values();
        if (names.size() != params.size()) {
            throw new IllegalStateException("torchvision names " + names.size() + " for " + params.size() + " parameters");
        }
        for (int i = 0; i < names.size(); i++) {
            w.copyInto(prefix + names.get(i), params.get(i).getArray(), "torchvision's " + arch, manager);
        }
        Set<String> used = new HashSet<>(names);
        List<String> skipped = new ArrayList<>();
        for (String name : t.keySet()) {
            String rel = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
            if (rel != null && used.contains(rel)) {
                continue;
            }
            if (rel == null || EncoderSearch.isHead(rel) || rel.endsWith("num_batches_tracked")) {
                skipped.add(name);
            } else {
                throw new CheckpointException(file + ": tensor '" + name + "' " + Arrays.toString(t.get(name)) + " is part of the "
                        + "file's ResNet but not of torchvision's " + arch + "; such a ResNet is not opened here");
            }
        }
        return new Imported(net, arch, bottleneck ? ResNet50.features(stemWidth) : 512, match, skipped, w.format());
    }

    /** torchvision's names of a ResNet's parameters, in the order our blocks hold them. */
    static List<String> names(int[] blocks, boolean bottleneck) {
        List<String> out = new ArrayList<>();
        conv(out, "conv1");
        bn(out, "bn1");
        int convs = bottleneck ? 3 : 2;
        for (int s = 0; s < blocks.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                String p = "layer" + (s + 1) + "." + b + ".";
                for (int c = 1; c <= convs; c++) {
                    conv(out, p + "conv" + c);
                    bn(out, p + "bn" + c);
                }
                if (b == 0 && (s > 0 || bottleneck)) {
                    conv(out, p + "downsample.0");
                    bn(out, p + "downsample.1");
                }
            }
        }
        return out;
    }

    private static void conv(List<String> out, String name) {
        out.add(name + ".weight");
    }

    private static void bn(List<String> out, String name) {
        for (String s : BN) {
            out.add(name + "." + s);
        }
    }
}
