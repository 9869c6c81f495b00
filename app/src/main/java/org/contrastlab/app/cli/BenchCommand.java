package org.contrastlab.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code contrastlab bench}: benchmarks that print figures; not part of the test run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchStepCommand.class, BenchAttentionCommand.class, BenchAugmentCommand.class, BenchMethodsCommand.class,
                BenchTsneCommand.class, BenchScatterCommand.class,
                BenchGpuCommand.class, BenchParityCommand.class, BenchWeightsCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
