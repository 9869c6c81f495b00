package org.contrastlab.app.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.contrastlab.core.env.RuntimeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code contrastlab doctor}: what runs where. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Print the Java, DJL and libtorch versions, the native libraries loaded, and the device.")
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (Map.Entry<String, String> e : RuntimeReport.collect().entrySet()) {
            spec.commandLine().getOut().printf("%-17s %s%n", e.getKey() + ":", e.getValue());
        }
        return 0;
    }
}
