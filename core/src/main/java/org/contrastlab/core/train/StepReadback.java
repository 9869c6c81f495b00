package org.contrastlab.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The losses and gradient norms of the steps not yet read back. A step that reads its loss
 * makes the host wait for the device to finish it; on a GPU that wait, paid every step, is
 * what keeps a small model from filling the device. So a run reads its steps back every N
 * steps, all of them in one transfer, and checks them then ({@link DivergenceGuard}).
 */
final class StepReadback implements AutoCloseable {
    /** One step's figures: {@code step} is the 0-based step. */
    record Values(int step, double loss, double gradNorm) {
    }

    private final List<Integer> steps = new ArrayList<>();
    private final List<NDArray> onDevice = new ArrayList<>();
    private final List<Values> read = new ArrayList<>();

    /** Keeps a step's 0-d loss and gradient norm on the device (detached from the step's scope). */
    void add(int step, NDArray loss, NDArray gradNorm) {
        NDArray pair = NDArrays.stack(new NDList(loss.toType(DataType.FLOAT32, false), gradNorm.toType(DataType.FLOAT32, false)));
        pair.detach();
        steps.add(step);
        onDevice.add(pair);
    }

    /** A step whose figures were read at once. */
    void add(int step, double loss, double gradNorm) {
        read.add(new Values(step, loss, gradNorm));
    }

    boolean isEmpty() {
        return steps.isEmpty() && read.isEmpty();
    }

    /** Every kept step's figures in step order, read back in one transfer; then forgets them. */
    List<Values> drain() {
        List<Values> out = new ArrayList<>(read);
        read.clear();
        if (!onDevice.isEmpty()) {
            float[] all;
            try (NDArray stacked = NDArrays.stack(new NDList(onDevice))) {
                all = stacked.toFloatArray();
            }
            for (int i = 0; i < steps.size(); i++) {
                out.add(new Values(steps.get(i), all[2 * i], all[2 * i + 1]));
            }
            close();
        }
        out.sort(Comparator.comparingInt(Values::step));
        return out;
    }

    @Override
    public void close() {
        onDevice.forEach(NDArray::close);
        onDevice.clear();
        steps.clear();
    }
}
