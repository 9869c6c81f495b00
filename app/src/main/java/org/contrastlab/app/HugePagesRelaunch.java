package org.contrastlab.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.contrastlab.core.env.RuntimeReport;

/**
 * Starts the packaged app once more with huge pages for malloc. glibc reads
 * {@code GLIBC_TUNABLES} only when a process starts, and jpackage's launcher (the .deb's
 * /opt/contrastlab/bin/ContrastLab) cannot set an environment variable, so without this the
 * installed app trains slower on a CPU than {@code ./contrastlab}, whose script sets
 * {@code glibc.malloc.hugetlb=1}: 1.4–4× a step in docs/benchmarks.md, depending on the host. Only a process started by
 * a jpackage launcher (the {@code jpackage.app-path} property) is relaunched, and only where the
 * kernel gives huge pages on request (THP {@code madvise}); {@code CONTRASTLAB_HUGEPAGES=0} or a
 * {@code GLIBC_TUNABLES} that names hugetlb already leaves it as it is. The relaunched process
 * has the tunable, so it never relaunches again. The first process waits for it and exits with
 * its status.
 */
final class HugePagesRelaunch {
    static final String TUNABLES = "GLIBC_TUNABLES";
    static final String HUGETLB = "glibc.malloc.hugetlb";
    private static final String JPACKAGE_LAUNCHER = "_JPACKAGE_LAUNCHER";

    private HugePagesRelaunch() {
    }

    /**
     * The command that starts the app again with huge pages, or empty where this process should
     * go on: not started by a jpackage launcher ({@code appPath} null), huge pages declined or
     * already asked for, or a kernel that would not give them on request.
     */
    static Optional<List<String>> command(String appPath, Map<String, String> env, String kernelMode, String[] args) {
        if (appPath == null || appPath.isBlank() || "0".equals(env.get("CONTRASTLAB_HUGEPAGES"))) {
            return Optional.empty();
        }
        String tunables = env.get(TUNABLES);
        if (tunables != null && tunables.contains(HUGETLB) || !"madvise".equals(kernelMode)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(appPath);
        command.addAll(List.of(args));
        return Optional.of(command);
    }

    /** {@code tunables} with hugetlb=1 appended, as the launcher script does. */
    static String withHugePages(String tunables) {
        return (tunables == null || tunables.isEmpty() ? "" : tunables + ":") + HUGETLB + "=1";
    }

    /**
     * Relaunches when {@link #command} says so and returns the new process's exit status, or
     * empty where this process should go on (also when the new one cannot be started).
     */
    static Optional<Integer> runIfNeeded(String[] args) {
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath == null) {
            return Optional.empty(); // every start that no jpackage launcher made: no /sys read, no core class loaded
        }
        Optional<List<String>> command = command(appPath, System.getenv(), RuntimeReport.transparentHugePages(), args);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
        builder.environment().put(TUNABLES, withHugePages(System.getenv(TUNABLES)));
        // jpackage's launcher sets this in its own process before it starts the JVM; inherited, it would make the
        // new launcher act as plain `java` and take our first argument for a main class
        builder.environment().remove(JPACKAGE_LAUNCHER);
        Process child;
        try {
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // a SIGTERM to this process (a desktop closing the app) ends the relaunched one too; after it exits this is a no-op
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "stop-relaunched-app"));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return Optional.of(child.waitFor());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
