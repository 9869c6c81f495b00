package org.contrastlab.app.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.contrastlab.core.method.MethodParams;
import org.contrastlab.core.method.MethodPreset;
import org.contrastlab.core.method.MethodSpec;
import org.contrastlab.core.method.ParamSpec;
import org.contrastlab.core.model.BackboneSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code contrastlab methods}: the methods and backbones that train accepts. */
@Command(name = "methods", mixinStandardHelpOptions = true, description = "List the methods (with their settings and small-preset values) "
        + "and the backbones.")
public final class MethodsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (MethodSpec m : MethodSpec.all()) {
            out.printf("%-14s %s [%s]%n", m.id(), m.description(), m.reference());
            for (ParamSpec p : m.params()) {
                out.printf(Locale.ROOT, "%16s--param %s=%s  %s%n", "", p.name(), MethodParams.format(p.defaultValue()), p.description());
            }
            MethodPreset.OnShapes shapes = m.preset().shapes();
            if (shapes != null) {
                out.printf(Locale.ROOT, "%16son sample:shapes: %s%n", "", describe(shapes));
                if (shapes.vit() != null) {
                    out.printf(Locale.ROOT, "%16son sample:shapes with a ViT: %s%n", "", describe(shapes.vit()));
                }
            }
        }
        out.println();
        out.println("backbones:");
        for (BackboneSpec b : BackboneSpec.all()) {
            out.printf("%-14s %s%n", b.id(), b.description());
        }
        return 0;
    }

    private static String describe(MethodPreset.OnShapes shapes) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s views, %d steps of %d", shapes.views(),
                shapes.budget().steps(), shapes.budget().batchSize()));
        if (shapes.imageSize() != null) {
            text.append(", the network at ").append(shapes.imageSize()).append(" px");
        }
        shapes.params().forEach((k, v) -> text.append(", ").append(k).append('=').append(MethodParams.format(v)));
        if (shapes.learningRate() != null) {
            text.append(", lr ").append(MethodParams.format(shapes.learningRate()));
        }
        return text.toString();
    }
}
