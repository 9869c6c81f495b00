package org.contrastlab.app;

import java.util.Arrays;
import org.contrastlab.app.cli.Cli;

/**
 * The entry point: with no arguments (or only {@code --present[=PERCENT]}, presentation mode) it
 * opens the window on the built-in sample data; with a
 * sub-command it runs the command line. DJL is kept offline unless {@code ai.djl.offline} is
 * set (see README → GPU).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
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
