package org.contrastlab.app.common;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * Where a view model changes what the window shows: it posts there with {@link #execute} and
 * checks, where it changes observable state, that it is there ({@link #check}). In the app that
 * is the JavaFX application thread ({@link #FX}); a test without a window passes a lambda
 * ({@code Runnable::run}, a queue), which checks nothing.
 */
@FunctionalInterface
public interface UiExecutor extends Executor {
    /**
     * The JavaFX application thread. Its check is an assertion: with {@code -ea} (as in the
     * tests) a change from another thread fails at once, naming the method and the thread.
     */
    UiExecutor FX = new UiExecutor() {
        @Override
        public void execute(Runnable command) {
            Platform.runLater(command);
        }

        @Override
        public void check(String what) {
            assert Platform.isFxApplicationThread() : what + " changes what the window shows: call it on the FX thread, not on "
                    + Thread.currentThread().getName();
        }
    };

    /** Asserts the caller is on this executor's thread before {@code what} changes observable state. */
    default void check(String what) {
    }
}
