package org.contrastlab.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.contrastlab.core.env.HalfStore;
import org.contrastlab.core.model.ColourSplit;
import org.contrastlab.core.model.PatchGrid;
import org.contrastlab.core.model.vit.VisionTransformer;

/** Forward passes over several views, as the references batch them. */
final class Forward {
    private Forward() {
    }

    /** Each view through {@code blocks} on its own: batch norm sees one view at a time (BYOL, SimSiam, MoCo). */
    static List<NDArray> each(ParameterStore ps, List<NDArray> views, Block... blocks) {
        List<NDArray> out = new ArrayList<>(views.size());
        for (NDArray v : views) {
            out.add(through(ps, v, blocks));
        }
        return out;
    }

    /**
     * Views of the same size concatenated and passed together, one pass per size (SwAV's
     * multi-crop forward; SimCLR's 2N batch), split back into one output per view.
     */
    static List<NDArray> byResolution(ParameterStore ps, List<NDArray> views, Block... blocks) {
        return withFeatures(ps, views, blocks[0], Arrays.copyOfRange(blocks, 1, blocks.length)).outputs();
    }

    /** Each view's backbone features and its output after the head. */
    record Outputs(List<NDArray> features, List<NDArray> outputs) {
    }

    /**
     * As {@link #byResolution}, keeping what the backbone gave each view as well as what the
     * head made of it (for a loss on the backbone's features, such as DINOv2's KoLeo term).
     */
    static Outputs withFeatures(ParameterStore ps, List<NDArray> views, Block backbone, Block... head) {
        Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < views.size(); i++) {
            bySize.computeIfAbsent(views.get(i).getShape().get(2), k -> new ArrayList<>()).add(i);
        }
        NDArray[] features = new NDArray[views.size()];
        NDArray[] out = new NDArray[views.size()];
        for (List<Integer> same : bySize.values()) {
            NDList batch = new NDList();
            same.forEach(i -> batch.add(views.get(i)));
            NDArray f = through(ps, same.size() == 1 ? batch.get(0) : NDArrays.concat(batch, 0), backbone);
            NDArray y = head.length == 0 ? f : through(ps, f, head);
            long n = views.get(same.get(0)).getShape().get(0);
            for (int k = 0; k < same.size(); k++) {
                features[same.get(k)] = same.size() == 1 ? f : f.get((k * n) + ":" + ((k + 1) * n));
                out[same.get(k)] = same.size() == 1 ? y : y.get((k * n) + ":" + ((k + 1) * n));
            }
        }
        return new Outputs(List.of(features), List.of(out));
    }

    /**
     * The multi-crop forward of SwAV's and DINO's references ({@code MultiCropWrapper}, SwAV's
     * {@code ResNet.forward}): the backbone once per view size, then the head once over the
     * features of every view together, so that a head's batch norm sees all crops at once (with
     * {@link #byResolution} it saw the global and the local crops apart). Split back into one
     * output per view.
     */
    static List<NDArray> multiCrop(ParameterStore ps, List<NDArray> views, Block backbone, Block... head) {
        List<NDArray> features = byResolution(ps, views, backbone);
        NDArray all = features.size() == 1 ? features.get(0) : NDArrays.concat(new NDList(features.toArray(new NDArray[0])), 0);
        NDArray y = through(ps, all, head);
        List<NDArray> out = new ArrayList<>(views.size());
        long start = 0;
        for (NDArray v : views) {
            long n = v.getShape().get(0);
            out.add(features.size() == 1 ? y : y.get(start + ":" + (start + n)));
            start += n;
        }
        return out;
    }

    /**
     * {@code x} through {@code blocks} in training mode. With a {@link HalfStore} the blocks
     * compute in float16 and the result comes back as float32 (the gradient flowing through both
     * casts), so what the methods do with it (losses, queues, centres) stays float32.
     */
    static NDArray through(ParameterStore ps, NDArray x, Block... blocks) {
        boolean half = ps instanceof HalfStore;
        NDArray y = half ? HalfStore.toHalf(x) : x;
        for (Block b : blocks) {
            y = b.forward(ps, new NDList(y), true).singletonOrThrow();
        }
        return half ? HalfStore.toFloat(y) : y;
    }

    /** Each colour view's features through its own encoder of {@code split}, in training mode (float32 out, as {@link #through}). */
    static List<NDArray> colourParts(ParameterStore ps, NDArray x, ColourSplit split) {
        boolean half = ps instanceof HalfStore;
        List<NDArray> parts = split.parts(ps, half ? HalfStore.toHalf(x) : x, true);
        return half ? parts.stream().map(HalfStore::toFloat).toList() : parts;
    }

    /** The (B, d, grid, grid) features of every patch of {@code x}, in training mode (float32 out, as {@link #through}). */
    static NDArray patchGrid(ParameterStore ps, NDArray x, PatchGrid grid, UnaryOperator<NDArray> onPatches) {
        boolean half = ps instanceof HalfStore;
        NDArray z = grid.patchFeatures(ps, half ? HalfStore.toHalf(x) : x, true, onPatches);
        return half ? HalfStore.toFloat(z) : z;
    }

    /** The tokens of a ViT after its final norm ((B, prefix + N, D)), in training mode (float32 out, as {@link #through}). */
    static NDArray vitTokens(ParameterStore ps, NDArray x, VisionTransformer vit) {
        boolean half = ps instanceof HalfStore;
        NDArray tokens = vit.allTokens(ps, half ? HalfStore.toHalf(x) : x, true);
        return half ? HalfStore.toFloat(tokens) : tokens;
    }

    /** The rows of {@code x} back into {@code parts} equal blocks, one per view, in order (the inverse of concatenating them). */
    static List<NDArray> split(NDArray x, int parts) {
        long n = x.getShape().get(0) / parts;
        List<NDArray> out = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            out.add(parts == 1 ? x : x.get((i * n) + ":" + ((i + 1) * n)));
        }
        return out;
    }

    /** Detached copies: no gradient flows back through them. */
    static List<NDArray> detached(List<NDArray> xs) {
        List<NDArray> out = new ArrayList<>(xs.size());
        xs.forEach(x -> out.add(x.stopGradient()));
        return out;
    }
}
