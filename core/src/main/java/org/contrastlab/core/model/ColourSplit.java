package org.contrastlab.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.contrastlab.core.augment.LabColour;
import org.contrastlab.core.augment.Normalization;

/**
 * CMC's encoder (Tian, Krishnan &amp; Isola 2019; HobbitLong/CMC {@code models/resnet.py}
 * {@code ResNetV2}, one half network per view): the image, standardised RGB as every backbone
 * here takes it, is turned back into sRGB, converted to Lab ({@link LabColour}, scaled to
 * [−1, 1] as CMC's {@code train_CMC.py}) and cut into channel groups (L | ab, or L | a | b),
 * each encoded by its own backbone; the features are the groups' features side by side (what
 * CMC evaluates). Evaluating, exporting and opening a run see one network that takes RGB.
 */
public final class ColourSplit extends AbstractBlock {
    /** A group of Lab channels, {@code from} to {@code to} (exclusive), and its name. */
    public record Group(String name, int from, int to) {
        int channels() {
            return to - from;
        }
    }

    /** L and ab: CMC's two views. */
    public static final List<Group> L_AB = List.of(new Group("l", 0, 1), new Group("ab", 1, 3));
    /** L, a and b apart: three views, for the core-view and full-graph variants. */
    public static final List<Group> L_A_B = List.of(new Group("l", 0, 1), new Group("a", 1, 2), new Group("b", 2, 3));

    private final List<Group> groups;
    private final Normalization input;
    private final List<Block> encoders = new ArrayList<>();

    /**
     * @param groups     the channel groups, one encoder each
     * @param newEncoder makes one backbone per group (its first layer takes the group's channels)
     * @param input      how the RGB images given to it were standardised
     */
    public ColourSplit(List<Group> groups, Supplier<Block> newEncoder, Normalization input) {
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a colour split needs at least two groups of channels, got " + groups);
        }
        this.groups = List.copyOf(groups);
        this.input = input;
        for (Group g : this.groups) {
            encoders.add(addChildBlock(g.name(), newEncoder.get()));
        }
    }

    public List<Group> groups() {
        return groups;
    }

    /** The Lab channels, each in [−1, 1], of a batch of standardised RGB images. */
    public NDArray lab(NDArray standardisedRgb) {
        // in float32 whatever the network computes in: half precision would round the cube roots
        NDArray x = standardisedRgb.toType(DataType.FLOAT32, false);
        Normalization.OnDevice in = input.on(x.getManager());
        NDArray rgb = x.mul(in.std()).add(in.mean());
        NDArray lab = LabColour.CMC_RANGE.on(rgb.getManager()).apply(LabColour.fromSrgb(rgb));
        return lab.toType(standardisedRgb.getDataType(), false);
    }

    /** Each group's features, in the order of {@link #groups()}. */
    public List<NDArray> parts(ParameterStore ps, NDArray standardisedRgb, boolean training) {
        NDArray lab = lab(standardisedRgb);
        List<NDArray> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            out.add(part(ps, lab, i, training));
        }
        return out;
    }

    /** A block that gives group {@code index}'s features of standardised RGB images (for a bank filled before training). */
    public Block branch(int index) {
        return new Branch(this, index);
    }

    private NDArray part(ParameterStore ps, NDArray lab, int index, boolean training) {
        Group g = groups.get(index);
        return encoders.get(index).forward(ps, new NDList(lab.get(":, " + g.from() + ":" + g.to())), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> parts = parts(ps, inputs.singletonOrThrow(), training);
        return new NDList(NDArrays.concat(new NDList(parts.toArray(new NDArray[0])), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long width = 0;
        for (int i = 0; i < groups.size(); i++) {
            width += encoders.get(i).getOutputShapes(new Shape[] {groupShape(inputShapes[0], i)})[0].get(1);
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < groups.size(); i++) {
            encoders.get(i).initialize(manager, dataType, groupShape(inputShapes[0], i));
        }
    }

    private Shape groupShape(Shape image, int index) {
        return new Shape(image.get(0), groups.get(index).channels(), image.get(2), image.get(3));
    }

    /** One group's encoder behind the conversion; shares the split's parameters. */
    private static final class Branch extends AbstractBlock {
        private final ColourSplit split;
        private final int index;

        Branch(ColourSplit split, int index) {
            this.split = split;
            this.index = index;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(split.part(ps, split.lab(inputs.singletonOrThrow()), index, training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return split.encoders.get(index).getOutputShapes(new Shape[] {split.groupShape(inputShapes[0], index)});
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        }
    }
}
