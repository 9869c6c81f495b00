package org.contrastlab.core.export;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.contrastlab.core.augment.ViewGroup;
import org.contrastlab.core.augment.ViewRecipe;
import org.contrastlab.core.augment.ViewRole;

/**
 * A recipe's views as solo-learn's augmentation pipelines ({@code solo/data/pretrain_dataloader.py}
 * {@code build_transform_pipeline}): per group of crops the random resized crop's scale, colour
 * jitter, grey, blur, solarisation, equalisation and flip probabilities, crop size and count.
 * solo-learn counts the crops of the first size as global and the rest as local.
 */
final class SoloLearnViews {
    private SoloLearnViews() {
    }

    /** One pipeline per group of {@code views}; what solo-learn cannot express is added to {@code notCarried}. */
    static List<Map<String, Object>> pipelines(ViewRecipe views, List<String> notCarried) {
        int first = views.groups().get(0).size();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ViewGroup g : views.groups()) {
            out.add(pipeline(g, out.size() + 1, first, notCarried));
        }
        if (!"dataset".equals(views.normalization())) {
            notCarried.add("normalisation " + views.normalization() + ": solo-learn normalises with the dataset's own mean and std");
        }
        return out;
    }

    private static Map<String, Object> pipeline(ViewGroup g, int n, int globalSize, List<String> notCarried) {
        String where = "views group " + n;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rrc", SoloLearnExport.ordered("enabled", true, "crop_min_scale", g.scaleMin(), "crop_max_scale", g.scaleMax()));
        p.put("color_jitter", SoloLearnExport.ordered("prob", g.jitterProbability(), "brightness", g.brightness(), "contrast", g.contrast(),
                "saturation", g.saturation(), "hue", g.hue()));
        p.put("grayscale", SoloLearnExport.ordered("prob", g.grayscaleProbability()));
        p.put("gaussian_blur", SoloLearnExport.ordered("prob", g.blurProbability()));
        p.put("solarization", SoloLearnExport.ordered("prob", g.solarizeProbability()));
        p.put("equalization", SoloLearnExport.ordered("prob", 0.0));
        p.put("horizontal_flip", SoloLearnExport.ordered("prob", g.flipProbability()));
        p.put("crop_size", g.size());
        p.put("num_crops", g.count());
        if (Math.abs(g.ratioMin() - 0.75) > 1e-6 || Math.abs(g.ratioMax() - 4.0 / 3) > 1e-6) {
            notCarried.add(where + ": crop aspect ratio " + n(g.ratioMin()) + "–" + n(g.ratioMax())
                    + ": solo-learn's crops take torchvision's 3/4–4/3");
        }
        if (g.blurProbability() > 0 && (Math.abs(g.blurSigmaMin() - 0.1) > 1e-6 || Math.abs(g.blurSigmaMax() - 2.0) > 1e-6)) {
            notCarried.add(where + ": blur σ " + n(g.blurSigmaMin()) + "–" + n(g.blurSigmaMax())
                    + ": solo-learn's blur draws σ from 0.1–2");
        }
        if (g.solarizeProbability() > 0 && Math.abs(g.solarizeThreshold() - 0.5) > 1e-6) {
            notCarried.add(where + ": solarisation threshold " + n(g.solarizeThreshold()) + ": solo-learn's is 0.5 (128 of 255)");
        }
        if (g.randAugment() != null) {
            notCarried.add(where + ": RandAugment (" + g.randAugment() + "): solo-learn's pipelines have no RandAugment; left out");
        }
        if (g.role() == ViewRole.LOCAL && g.size() == globalSize) {
            notCarried.add(where + ": local crops as large as the global ones: solo-learn counts every crop of the first size as global");
        }
        if (g.role() == ViewRole.GLOBAL && g.size() != globalSize) {
            notCarried.add(where + ": global crops of another size than the first: solo-learn counts them as local");
        }
        return p;
    }

    /** A number as a person writes it: 0.5, 1.33, 2. */
    private static String n(double v) {
        return new BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }
}
