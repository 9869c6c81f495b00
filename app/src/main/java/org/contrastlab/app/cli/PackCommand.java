package org.contrastlab.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.train.RunDirectory;
import org.contrastlab.core.train.RunPack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contrastlab pack}: a run without its optimizer state and heads, to share (how the shipped examples are made). */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Copy a run's configuration, metrics and latest backbone (no heads, no optimizer state) to a small run folder"
                + " that evaluation and the window open but training cannot resume; prints packed=<folder>.")
public final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--run", required = true, description = "the run folder to pack")
    Path run;
    @Option(names = "--out", required = true, description = "the folder to create")
    Path out;
    @Option(names = "--overwrite", description = "replace --out if it exists")
    boolean overwrite;

    @Override
    public Integer call() {
        long bytes = RunPack.write(RunDirectory.open(run), out, overwrite);
        spec.commandLine().getErr().printf(Locale.ROOT, "%s → %s (%.1f MB)%n", run, out, bytes / 1e6);
        spec.commandLine().getOut().println("packed=" + out);
        return 0;
    }
}
