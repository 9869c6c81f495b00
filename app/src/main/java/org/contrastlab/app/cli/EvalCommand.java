package org.contrastlab.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code contrastlab eval}: evaluations of a trained run. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a trained run.",
        subcommands = {EvalKnnCommand.class, EvalLinearCommand.class, EvalFinetuneCommand.class, EvalMeanTeacherCommand.class,
                EvalAttentionCommand.class})
public final class EvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
