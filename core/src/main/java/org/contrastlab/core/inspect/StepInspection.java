package org.contrastlab.core.inspect;

import java.util.List;
import org.contrastlab.core.method.StepDetail;

/**
 * The step a paused run takes next, as the step-through view shows it. Rows are the shown
 * images' first views, then their second views (SimCLR's layout): row {@code i}'s positive is
 * row {@code i ± images}. With one view per image (InstDisc) there are {@code images} rows and no
 * positive in the batch (the memory bank holds it).
 *
 * @param step        the 1-based number of the step about to be taken
 * @param method      the method's id
 * @param images      how many of the batch's images are shown
 * @param batchSize   the whole batch
 * @param viewSize    the side of each shown view, in pixels
 * @param views       each row's view as ARGB pixels (viewSize²), in row order
 * @param similarity  cosine similarity of the rows' backbone features, rows × rows, row-major
 * @param rowLoss     each row's InfoNCE loss against the other rows at {@code temperature}
 *                    (NaN where a row has no positive)
 * @param temperature the run's temperature
 * @param detail      what the method itself compares in this step
 */
public record StepInspection(int step, String method, int images, int batchSize, int viewSize, List<int[]> views, float[] similarity,
                             float[] rowLoss, float temperature, StepDetail detail) {
    public StepInspection {
        views = List.copyOf(views);
        similarity = similarity.clone();
        rowLoss = rowLoss.clone();
    }

    /** The number of rows (and columns) of the similarity matrix. */
    public int rows() {
        return rowLoss.length;
    }

    public float similarity(int row, int column) {
        return similarity[row * rows() + column];
    }

    /** The row holding the other view of row {@code row}'s image, or −1 when the batch holds none. */
    public int positiveOf(int row) {
        if (rows() == images) {
            return -1;
        }
        return row < images ? row + images : row - images;
    }

    /** The mean of the rows' losses that have a positive (NaN when none). */
    public double meanRowLoss() {
        double sum = 0;
        int n = 0;
        for (float l : rowLoss) {
            if (!Float.isNaN(l)) {
                sum += l;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
