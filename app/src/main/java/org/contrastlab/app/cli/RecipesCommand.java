package org.contrastlab.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.contrastlab.core.augment.RecipeFiles;
import org.contrastlab.core.augment.ViewRecipes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code contrastlab recipes}: the view-recipe presets, one per line with what they hold; with
 * a name, that recipe as YAML (a starting point for a recipe file of one's own).
 */
@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "List the view-recipe presets; with a name, print that recipe as YAML.")
public final class RecipesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", description = "a preset name or recipe file to print as YAML")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            out.print(RecipeFiles.toYaml(RecipeFiles.resolve(name)));
            out.flush(); // print does not flush, and the process exits right after
            return 0;
        }
        for (ViewRecipes.Preset p : ViewRecipes.all()) {
            out.printf("%-14s %s%n", p.name(), p.description());
        }
        return 0;
    }
}
