package org.contrastlab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.contrastlab.core.data.DatasetException;
import org.contrastlab.core.train.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code contrastlab} command and its error policy: one clear line and an exit code, no stack trace unless --debug. */
@Command(name = "contrastlab", mixinStandardHelpOptions = true, version = "ContrastLab 0.1.0",
        description = "Self-supervised vision models on the JVM. With no command, opens the window.",
        subcommands = {TrainCommand.class, AugmentCommand.class, AttentionCommand.class, ExportCommand.class, PackCommand.class,
                EmbedCommand.class, MapCommand.class, RecipesCommand.class, EvalCommand.class, DoctorCommand.class, MethodsCommand.class,
                SweepCommand.class, DistillCommand.class, FewLabelsCommand.class, LessonsCommand.class, ExportRecipeCommand.class,
                ImportRunCommand.class,
                BenchCommand.class})
public final class Cli implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_DIVERGED = 3;
    public static final int EXIT_FAILED = 1;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return commandLine(out, err).execute(args);
        } finally {
            // the process exits right after: what a command print()ed without a newline must not be lost
            out.flush();
            err.flush();
        }
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        boolean debug = "1".equals(System.getenv("CONTRASTLAB_DEBUG"));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage() + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            boolean wantTrace = debug;
            for (CommandLine.ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
                wantTrace |= pr.hasMatchedOption("--debug");
            }
            Throwable cause = ex;
            if (cause instanceof UncheckedIOException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (wantTrace) {
                ex.printStackTrace(c.getErr());
            }
            if (cause instanceof DivergenceException) {
                c.getErr().println("error: " + cause.getMessage());
                return EXIT_DIVERGED;
            }
            if (cause instanceof DatasetException || cause instanceof IllegalArgumentException
                    || cause instanceof UncheckedIOException || cause instanceof IOException) {
                c.getErr().println("error: " + cause.getMessage());
                return EXIT_BAD_INPUT;
            }
            c.getErr().println("error: " + cause + (wantTrace ? "" : " (run with --debug for the stack trace)"));
            return EXIT_FAILED;
        });
        return cl;
    }
}
