package org.contrastlab.core.env;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The device a command computes on, chosen from {@code auto}, {@code cpu}, {@code gpu} or
 * {@code gpu:N} (DESIGN.md decision 8), with the reason in words.
 */
public record DeviceChoice(Device device, String reason) {

    /** What a user can choose on this machine: auto, cpu and one gpu:N per GPU DJL sees. */
    public static List<String> choices() {
        List<String> out = new ArrayList<>(List.of("auto", "cpu"));
        for (int i = 0; i < Engine.getInstance().getGpuCount(); i++) {
            out.add("gpu:" + i);
        }
        return out;
    }

    public static DeviceChoice parse(String spec) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        switch (s) {
            case "auto":
                return gpus > 0
                        ? new DeviceChoice(Device.gpu(0), "auto: DJL found " + gpus + " GPU(s)")
                        : new DeviceChoice(Device.cpu(), "auto: no CUDA libtorch or no GPU found, running on the CPU (see README → GPU)");
            case "cpu":
                return new DeviceChoice(Device.cpu(), "asked for the CPU");
            default:
                if (s.equals("gpu") || s.matches("gpu:\\d+")) {
                    int id = s.equals("gpu") ? 0 : Integer.parseInt(s.substring(4));
                    if (id >= gpus) {
                        throw new IllegalArgumentException("--device " + spec + ": DJL sees " + gpus
                                + " GPU(s) with this libtorch (" + Engine.getInstance().getVersion()
                                + "); see README → GPU, or use --device cpu");
                    }
                    return new DeviceChoice(Device.gpu(id), "asked for " + s);
                }
                throw new IllegalArgumentException("--device must be auto, cpu, gpu or gpu:N, got '" + spec + "'");
        }
    }
}
