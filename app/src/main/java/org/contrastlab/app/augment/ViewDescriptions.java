package org.contrastlab.app.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.contrastlab.core.augment.RandAugment;
import org.contrastlab.core.augment.ViewParams;
import org.contrastlab.core.augment.ViewRole;

/** What was drawn for a view, in words: the tooltip and the short caption of a preview. */
final class ViewDescriptions {
    private static final String[] OPS = {"brightness", "contrast", "saturation", "hue"};

    private ViewDescriptions() {
    }

    static String caption(ViewParams p) {
        StringBuilder s = new StringBuilder(p.cropWidth() + "×" + p.cropHeight());
        if (p.flip()) {
            s.append(" ⇋");
        }
        if (p.jittered()) {
            s.append(" jit");
        }
        if (p.grayscale()) {
            s.append(" grey");
        }
        if (p.blurred()) {
            s.append(" blur");
        }
        if (p.solarize()) {
            s.append(" sol");
        }
        for (int op : p.randAugmentOps()) {
            if (op >= 0) {
                s.append(' ').append(RandAugment.Op.of(op).label());
            }
        }
        return s.toString();
    }

    static String tooltip(ViewParams p, int group, ViewRole role, int view) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "view %d — group %d (%s)", view + 1, group + 1, role.name().toLowerCase(Locale.ROOT)));
        lines.add(String.format(Locale.ROOT, "crop %d×%d at (x %d, y %d)%s", p.cropWidth(), p.cropHeight(), p.cropLeft(), p.cropTop(),
                p.flip() ? ", flipped" : ""));
        if (p.jittered()) {
            List<String> ops = new ArrayList<>();
            for (int op : p.jitterOrder()) {
                ops.add(switch (op) {
                    case ViewParams.BRIGHTNESS -> String.format(Locale.ROOT, "%s ×%.2f", OPS[op], p.brightness());
                    case ViewParams.CONTRAST -> String.format(Locale.ROOT, "%s ×%.2f", OPS[op], p.contrast());
                    case ViewParams.SATURATION -> String.format(Locale.ROOT, "%s ×%.2f", OPS[op], p.saturation());
                    default -> String.format(Locale.ROOT, "%s %+.3f", OPS[op], p.hue());
                });
            }
            lines.add("jitter: " + String.join(" → ", ops));
        } else {
            lines.add("jitter: not applied");
        }
        lines.add(p.blurred() ? String.format(Locale.ROOT, "blur σ = %.2f", p.blurSigma()) : "blur: not applied");
        int[] ra = p.randAugmentOps();
        if (ra.length > 0) {
            List<String> ops = new ArrayList<>();
            double[] args = p.randAugmentArgs();
            for (int k = 0; k < ra.length; k++) {
                ops.add(ra[k] < 0 ? "(did not fire)" : RandAugment.Op.of(ra[k]).label()
                        + (args[k] == 0 ? "" : String.format(Locale.ROOT, " %.3g", args[k])));
            }
            lines.add("RandAugment: " + String.join(" → ", ops));
        }
        lines.add("grayscale: " + (p.grayscale() ? "yes" : "no"));
        lines.add("solarize: " + (p.solarize() ? "yes" : "no"));
        return String.join("\n", lines);
    }
}
