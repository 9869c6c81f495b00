package org.contrastlab.app;

import java.util.Arrays;
import java.util.Optional;
import org.contrastlab.app.cli.Cli;

/**
 * The entry point: with no arguments (or only {@code --present[=PERCENT]}, presentation mode) it
 * opens the window on the built-in sample data; with a
 * sub-command it runs the command line. DJL is kept offline unless {@code ai.djl.offline} is
 * set (see README → GPU). Started by the packaged app's launcher, it first starts the app again
 * with huge pages for malloc ({@link HugePagesRelaunch}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Optional<Integer> relaunched = HugePagesRelaunch.runIfNeeded(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (Arrays.stream(args).allMatch(a -> a.startsWith("--present"))) {
            ContrastLabApp.launchApp(args);
        } else {
            System.exit(Cli.run(args));
        }
    }
}
