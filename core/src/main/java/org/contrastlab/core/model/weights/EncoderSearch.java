package org.contrastlab.core.model.weights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.contrastlab.core.io.torch.CheckpointException;

/**
 * Finds an encoder inside a weights file: every prefix under which the backbone's anchor
 * tensor appears ({@code teacher.backbone.}, {@code state_dict.module.base_encoder.},
 * {@code state_dict.module.encoder_q.}, or none), and the one to open. Without a choice the
 * encoder a method publishes wins: DINO's teacher over its student, MoCo's query encoder
 * ({@code encoder_q}, {@code base_encoder}) over its key / momentum encoder, BYOL's online
 * network over its target. A choice ({@code --encoder student}) picks the prefix that
 * contains it.
 */
public final class EncoderSearch {
    /** Words that mark the encoder a method does not publish (DINO's student, MoCo's key encoder, BYOL's target). */
    private static final List<String> SECONDARY = List.of("student", "momentum", "encoder_k", "target", "key_encoder");
    /** Sub-modules under an encoder's prefix that are heads, not the backbone. */
    static final Set<String> HEADS = Set.of("head", "heads", "fc", "projector", "projection_head", "predictor", "prediction_head",
            "prototypes", "classifier", "last_layer", "mlp_head");

    /** The prefix chosen and every prefix found. */
    public record Match(String prefix, List<String> candidates) {
        /** One line for users: what was opened and what else the file holds. */
        public String describe() {
            String at = prefix.isEmpty() ? "the top level" : "'" + prefix + "'";
            List<String> others = candidates.stream().filter(c -> !c.equals(prefix)).map(c -> "'" + c + "'").toList();
            return "encoder at " + at + (others.isEmpty() ? "" : " (also in the file: " + String.join(", ", others)
                    + "; --encoder picks another)");
        }
    }

    private EncoderSearch() {
    }

    /**
     * @param names every tensor name of the file
     * @param anchor the name of a tensor every such backbone has, relative to its prefix ({@code patch_embed.proj.weight})
     * @param choice null, or a word of the prefix wanted ({@code student}, {@code encoder_k})
     * @param what the backbone's name, for messages ("a ViT")
     */
    public static Match find(String file, Set<String> names, String anchor, String choice, String what) throws CheckpointException {
        List<String> candidates = names.stream().filter(n -> n.equals(anchor) || n.endsWith("." + anchor))
                .map(n -> n.substring(0, n.length() - anchor.length())).distinct().collect(Collectors.toCollection(ArrayList::new));
        if (candidates.isEmpty()) {
            throw new CheckpointException(file + ": holds no " + what + " (no tensor named '" + anchor + "' under any prefix); "
                    + "its tensors start " + names.stream().limit(5).toList() + (names.size() > 5 ? " …" : ""));
        }
        if (choice != null) {
            String c = choice.toLowerCase(Locale.ROOT);
            List<String> picked = candidates.stream().filter(p -> p.toLowerCase(Locale.ROOT).contains(c)).toList();
            if (picked.size() != 1) {
                throw new CheckpointException(file + ": --encoder " + choice + " matches " + (picked.isEmpty() ? "none" : picked.size())
                        + " of the encoders in the file: " + candidates);
            }
            return new Match(picked.get(0), List.copyOf(candidates));
        }
        candidates.sort(Comparator.comparingInt(EncoderSearch::secondary).thenComparingInt(String::length));
        return new Match(candidates.get(0), List.copyOf(candidates));
    }

    private static int secondary(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        return SECONDARY.stream().anyMatch(p::contains) ? 1 : 0;
    }

    /** True if {@code relative} (a name under the encoder's prefix) belongs to a head. */
    public static boolean isHead(String relative) {
        int dot = relative.indexOf('.');
        return dot > 0 && HEADS.contains(relative.substring(0, dot));
    }

    /** Whether {@code names} hold a torchvision ResNet's layers (its first block's first convolution). */
    public static boolean holdsResNet(Set<String> names) {
        return names.stream().anyMatch(n -> n.endsWith("layer1.0.conv1.weight"));
    }
}
