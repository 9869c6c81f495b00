package org.contrastlab.core.env;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the doctor reports: Java, DJL and libtorch versions, the native libraries actually
 * loaded (read from the process's memory map), the device, offline mode, whether jemalloc
 * is the allocator and whether malloc's large blocks sit on huge pages.
 */
public final class RuntimeReport {
    private RuntimeReport() {
    }

    public static Map<String, String> collect() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        out.put("djl", Engine.getDjlVersion());
        out.put("djl offline", String.valueOf(Boolean.parseBoolean(System.getProperty("ai.djl.offline", "false"))));
        Engine engine = Engine.getInstance();
        out.put("engine", engine.getEngineName() + " (libtorch " + engine.getVersion() + ")");
        List<String> libs = loadedLibraries(TORCH_LIBRARIES);
        out.put("native libraries", libs.isEmpty() ? "(none found in the memory map)" : String.join(", ", libs));
        out.put("flavor", flavor(libs));
        out.put("gpus", String.valueOf(engine.getGpuCount()));
        DeviceChoice device = DeviceChoice.parse("auto");
        out.put("device", device.device() + " (" + device.reason() + ")");
        List<String> jemalloc = loadedLibraries("jemalloc");
        out.put("allocator", jemalloc.isEmpty()
                ? "glibc malloc (CONTRASTLAB_JEMALLOC=1 makes the launcher preload jemalloc: less memory, a little slower)"
                : "jemalloc (" + jemalloc.get(0) + ")");
        out.put("huge pages", hugePages());
        return out;
    }

    /** Whether this process's malloc puts its large blocks on huge pages, and why: a timing figure depends on it (4× on a CPU). */
    public static String hugePages() {
        return hugePages(System.getenv("GLIBC_TUNABLES"), transparentHugePages());
    }

    /**
     * Whether malloc's large blocks sit on transparent huge pages, from the process's
     * {@code GLIBC_TUNABLES} and the kernel's THP mode (the bracketed word of
     * /sys/kernel/mm/transparent_hugepage/enabled, or null where unknown). With 4 KB pages every
     * step faults in and zeroes its large activations anew: about 4× slower on a CPU.
     */
    static String hugePages(String tunables, String kernelMode) {
        boolean asked = tunables != null && tunables.matches(".*glibc\\.malloc\\.hugetlb=[12].*");
        if ("never".equals(kernelMode)) {
            return "off: transparent huge pages are disabled in the kernel (" + kernelMode + ")";
        }
        if (!asked && "always".equals(kernelMode)) {
            return "on (the kernel gives every large mapping huge pages: always)";
        }
        String kernel = kernelMode == null ? "" : "; kernel: " + kernelMode;
        return asked ? "on (GLIBC_TUNABLES " + tunables + kernel + ")"
                : "off (the launcher sets GLIBC_TUNABLES=glibc.malloc.hugetlb=1 unless CONTRASTLAB_HUGEPAGES=0: "
                        + "1.4-4x faster training steps on a CPU, by host" + kernel + ")";
    }

    /** The kernel's transparent huge page mode (always, madvise or never), or null where it cannot be read. */
    public static String transparentHugePages() {
        try {
            String line = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            int open = line.indexOf('[');
            int close = line.indexOf(']');
            return open >= 0 && close > open ? line.substring(open + 1, close) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * One line for a status bar: which libtorch (version, CPU or CUDA build, where it was
     * loaded from) and which device {@code auto} takes, and why.
     */
    public static String summary() {
        Engine engine = Engine.getInstance();
        List<String> libs = loadedLibraries(TORCH_LIBRARIES);
        String where = libs.stream().filter(l -> l.contains("libtorch_")).findFirst().map(l -> ", " + Path.of(l).getParent()).orElse("");
        DeviceChoice device = DeviceChoice.parse("auto");
        return "DJL " + Engine.getDjlVersion() + " · libtorch " + engine.getVersion() + " (" + flavor(libs) + " build"
                + where + ") · " + device.device() + ": " + device.reason();
    }

    /** The file names of libtorch's and DJL's bridge's native libraries. */
    private static final String[] TORCH_LIBRARIES = {"libtorch_cpu", "libtorch_cuda", "libtorch.so", "libdjl_torch", "libc10"};

    /** CUDA when a loaded library is CUDA's or sits in a CUDA build's folder (e.g. {@code 2.11.0-cu130-linux-x86_64}), else CPU. */
    private static String flavor(List<String> libs) {
        return libs.stream().anyMatch(l -> l.contains("cuda") || l.contains("cu1")) ? "CUDA" : "CPU";
    }

    /** Paths of mapped shared objects whose file name contains any of the fragments. */
    static List<String> loadedLibraries(String... fragments) {
        List<String> found = new ArrayList<>();
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return found;
        }
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash);
                String name = path.substring(path.lastIndexOf('/') + 1);
                for (String f : fragments) {
                    if (name.contains(f) && !found.contains(path)) {
                        found.add(path);
                    }
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
