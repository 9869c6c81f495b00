package org.contrastlab.core.attention;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.contrastlab.core.env.Scopes;
import org.contrastlab.core.model.vit.VisionTransformer;

/**
 * Reads the CLS token's attention out of a ViT: for normalised images (B, 3, H, W), block
 * {@code layer}'s attention weights, the CLS row without its own entry, per head, reshaped to
 * the patch grid and renormalised to sum to 1 (as DINO's {@code attentions[0, :, 0, 1:]}).
 */
public final class AttentionReader {
    private final VisionTransformer vit;
    private final ParameterStore parameters;

    public AttentionReader(VisionTransformer vit, ParameterStore parameters) {
        this.vit = vit;
        this.parameters = parameters;
    }

    public int layers() {
        return vit.blocks().size();
    }

    /** Every head's whole attention (token → token) of each image of the batch at block {@code layer}. */
    public FullAttention[] readFull(NDArray images, int layer) {
        int at = layer < 0 ? layers() + layer : layer;
        long b = images.getShape().get(0);
        int[] grid = vit.grid(images.getShape().get(2), images.getShape().get(3));
        int heads = vit.size().heads();
        int t = 1 + grid[0] * grid[1];
        FullAttention[] out = new FullAttention[(int) b];
        try (NDManager scope = images.getManager().newSubManager()) {
            float[] all = vit.attention(parameters, Scopes.view(images, scope), at).toFloatArray();
            int per = heads * t * t;
            for (int i = 0; i < b; i++) {
                out[i] = new FullAttention(at, heads, grid[0], grid[1], vit.size().patch(),
                        Arrays.copyOfRange(all, i * per, (i + 1) * per));
            }
        }
        return out;
    }

    /** One map per image of the batch; temporaries live in a scope of {@code images}' manager. */
    public AttentionMap[] read(NDArray images, int layer) {
        int at = layer < 0 ? layers() + layer : layer;
        long b = images.getShape().get(0);
        int[] grid = vit.grid(images.getShape().get(2), images.getShape().get(3));
        AttentionMap[] out = new AttentionMap[(int) b];
        try (NDManager scope = images.getManager().newSubManager()) {
            NDArray view = Scopes.view(images, scope);
            NDArray cls = vit.attention(parameters, view, at).get(":, :, 0, " + vit.prefixTokens() + ":"); // registers left out
            NDArray normalised = cls.div(cls.sum(new int[] {2}, true));
            int heads = (int) normalised.getShape().get(1);
            int n = grid[0] * grid[1];
            float[] all = normalised.toFloatArray();
            for (int i = 0; i < b; i++) {
                float[][] maps = new float[heads][];
                for (int h = 0; h < heads; h++) {
                    maps[h] = Arrays.copyOfRange(all, (i * heads + h) * n, (i * heads + h + 1) * n);
                }
                out[i] = new AttentionMap(at, grid[0], grid[1], vit.size().patch(), maps);
            }
        }
        return out;
    }
}
