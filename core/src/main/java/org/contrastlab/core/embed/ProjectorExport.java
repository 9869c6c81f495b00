package org.contrastlab.core.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.contrastlab.core.data.ImageStore;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.PngFiles;

/**
 * Embeddings in TensorBoard's projector format, so the same points open in TensorBoard or at
 * projector.tensorflow.org: {@code tensors.tsv} (one row of values per point),
 * {@code metadata.tsv} (a header, then class, label and image index per point),
 * {@code sprite.png} (the images as square thumbnails, row by row) and
 * {@code projector_config.pbtxt} tying them together.
 */
public final class ProjectorExport {
    /** The side of a thumbnail in the sprite. */
    static final int THUMB = 32;
    /** TensorBoard's largest sprite side. */
    static final int MAX_SPRITE = 8192;

    private ProjectorExport() {
    }

    /** Writes the four files into {@code dir} (created if needed); {@code images} may be null (no sprite). */
    public static void write(Embeddings e, ImageStore images, Path dir) {
        try {
            Files.createDirectories(dir);
            StringBuilder tensors = new StringBuilder(e.n() * e.d() * 10);
            for (int i = 0; i < e.n(); i++) {
                for (int j = 0; j < e.d(); j++) {
                    if (j > 0) {
                        tensors.append('\t');
                    }
                    tensors.append(String.format(Locale.ROOT, "%.6g", e.values()[i * e.d() + j]));
                }
                tensors.append('\n');
            }
            AtomicFiles.write(dir.resolve("tensors.tsv"), tensors.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder meta = new StringBuilder("class\tlabel\tindex\n");
            for (int i = 0; i < e.n(); i++) {
                meta.append(e.className(i)).append('\t').append(e.labels()[i]).append('\t').append(e.indices()[i]).append('\n');
            }
            AtomicFiles.write(dir.resolve("metadata.tsv"), meta.toString().getBytes(StandardCharsets.UTF_8));
            String sprite = "";
            int perRow = (int) Math.ceil(Math.sqrt(e.n()));
            if (images != null && perRow * THUMB <= MAX_SPRITE) {
                writeSprite(e, images, perRow, dir.resolve("sprite.png"));
                sprite = "  sprite {\n    image_path: \"sprite.png\"\n    single_image_dim: " + THUMB + "\n    single_image_dim: " + THUMB
                        + "\n  }\n";
            }
            String config = "embeddings {\n  tensor_name: \"contrastlab\"\n  tensor_path: \"tensors.tsv\"\n  metadata_path: "
                    + "\"metadata.tsv\"\n" + sprite + "}\n";
            AtomicFiles.write(dir.resolve("projector_config.pbtxt"), config.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the projector files into " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /** The images of the points as THUMB×THUMB thumbnails (nearest neighbour), {@code perRow} to a row. */
    private static void writeSprite(Embeddings e, ImageStore images, int perRow, Path file) throws IOException {
        int side = perRow * THUMB;
        int[] sprite = new int[side * side];
        for (int i = 0; i < e.n(); i++) {
            int[] argb = images.argb(e.indices()[i]);
            int x0 = (i % perRow) * THUMB;
            int y0 = (i / perRow) * THUMB;
            for (int y = 0; y < THUMB; y++) {
                for (int x = 0; x < THUMB; x++) {
                    int sx = x * images.width() / THUMB;
                    int sy = y * images.height() / THUMB;
                    sprite[(y0 + y) * side + x0 + x] = argb[sy * images.width() + sx];
                }
            }
        }
        PngFiles.write(file, sprite, side, side);
    }
}
