package org.contrastlab.app.augment;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.contrastlab.core.env.NativeThreads;
import org.contrastlab.visual.ImageTile;

/**
 * Renders studio requests on a background executor, one at a time. While one runs, a new
 * request only replaces the pending one, so a moving slider costs one render per frame the
 * machine can make and the newest values always win. Results reach the FX thread through one
 * posted update at a time, never one per request.
 */
final class LatestRenderLoop {
    private final Executor executor;
    private final Executor helper;
    private final Consumer<StudioRenderer.Result> onFx;
    private final Consumer<String> onError;
    private final AtomicReference<StudioRenderer.Request> pending = new AtomicReference<>();
    private final Executor fx;
    private final AtomicBoolean rendering = new AtomicBoolean();
    private final AtomicReference<StudioRenderer.Result> unposted = new AtomicReference<>();
    private final AtomicInteger renders = new AtomicInteger();

    /**
     * @param helper a second executor that renders half of the images (may be null)
     * @param onFx takes each result on the FX thread
     * @param onError takes the message of a failed render on the FX thread
     */
    LatestRenderLoop(Executor executor, Executor helper, Consumer<StudioRenderer.Result> onFx, Consumer<String> onError) {
        this(executor, helper, Platform::runLater, onFx, onError);
    }

    /** As above, with {@code fx} the executor that reaches the FX thread (the caller in tests). */
    LatestRenderLoop(Executor executor, Executor helper, Executor fx, Consumer<StudioRenderer.Result> onFx, Consumer<String> onError) {
        this.executor = executor;
        this.fx = fx;
        this.helper = helper;
        this.onFx = onFx;
        this.onError = onError;
    }

    /** Renders {@code request} soon, replacing any request not started yet. Any thread. */
    void submit(StudioRenderer.Request request) {
        pending.set(request);
        if (rendering.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        NativeThreads.useOneThread();
        if (helper != null) {
            helper.execute(NativeThreads::useOneThread);
        }
        try {
            for (StudioRenderer.Request r; (r = pending.getAndSet(null)) != null; ) {
                long t0 = System.nanoTime();
                List<List<ImageTile>> grid = StudioRenderer.render(r, helper);
                renders.incrementAndGet();
                publish(new StudioRenderer.Result(grid, (System.nanoTime() - t0) / 1e6));
            }
        } catch (RuntimeException e) {
            fx.execute(() -> onError.accept("cannot render the views: " + e.getMessage()));
        } finally {
            rendering.set(false);
            if (pending.get() != null && rendering.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }
    }

    /** How many renders finished, shown or not. Any thread. */
    int renders() {
        return renders.get();
    }

    private void publish(StudioRenderer.Result result) {
        if (unposted.getAndSet(result) == null) {
            fx.execute(() -> onFx.accept(unposted.getAndSet(null)));
        }
    }
}
