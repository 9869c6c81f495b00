package org.contrastlab.core.method;

import java.util.List;
import org.contrastlab.core.augment.JigsawCrop;
import org.contrastlab.core.model.JigsawHead;

/**
 * InfoMin (Tian et al. 2020, "What Makes for Good Views for Contrastive Learning?";
 * HobbitLong/PyContrast, its predefined method {@code InfoMin}: RGB, jigsaw on, MoCo's memory, aug
 * 'D', MLP head, τ 0.15). MoCo v2's query and momentum key encoders with a queue of negatives,
 * views that share little beyond the object (RandAugment on top of strong colour jitter), and
 * PIRL's jigsaw branch: a third crop cut into 3 × 3 patches, each through the query backbone,
 * combined by {@link JigsawHead} into a second query of the same key, so that the parts of an
 * image, in any order, must name the whole. Loss {@code (1 − β)·InfoNCE(q, k) + β·InfoNCE(q_jig,
 * k)}, β 0.5 (PyContrast's {@code --beta}).
 */
public final class InfoMin {
    /** Patches of the jigsaw grid. */
    private static final int PATCHES = JigsawCrop.GRID * JigsawCrop.GRID;

    /**
     * InfoMin's registration. Preset: the views of {@code infomin-jigsaw-cifar}, MoCo v2's CIFAR
     * settings otherwise (lr 0.06, MLP heads), τ 0.15 (PyContrast's InfoMin); on sample:shapes the
     * shape pair with the jigsaw crop, 1,000 × 64 (+5.9 points of kNN); 800 × 128 in {@code bench
     * methods} on CIFAR, as the other momentum-encoder methods (+3.68; docs/benchmarks.md).
     */
    public static final MethodSpec SPEC = new MethodSpec("infomin",
            "MoCo v2 with InfoMin's views (RandAugment on strong jitter) and PIRL's jigsaw branch: the shuffled 3×3 patches of a "
                    + "third crop must match the same key",
            "Tian et al. 2020, arXiv:2005.10243; HobbitLong/PyContrast", 3, 3,
            List.of(CommonParams.QUEUE, CommonParams.MOMENTUM, CommonParams.SPLIT_BN, CommonParams.SYMMETRIC,
                    new ParamSpec("beta", 0.5, 0, 1, "weight of the jigsaw term; the usual term weighs 1 − beta (PyContrast: 0.5)")),
            MethodPreset.views("infomin-jigsaw-cifar").temperature(0.15f).learningRate(0.06).bench(800, 128)
                    .onShapes("infomin-jigsaw-shapes", 1000, 64),
            MethodCheck.onConfig((params, shape, problems) -> {
                MoCo.CHECK.config(params, shape, problems);
                String why = JigsawCrop.problem(shape.viewSizes().get(shape.viewSizes().size() - 1));
                if (why != null) {
                    problems.add("--method infomin cuts its third view into 3×3 patches: " + why);
                }
            }),
            (nb, c) -> new MoCo(nb.get(), c.head(2), nb.get(), c.head(2),
                    new MoCo.Jigsaw(new JigsawHead(PATCHES, c.featureDim(), c.options().projectionDim()), c.params().get("beta")), c));

    private InfoMin() {
    }
}
