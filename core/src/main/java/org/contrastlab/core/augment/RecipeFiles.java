package org.contrastlab.core.augment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.contrastlab.core.io.AtomicFiles;
import org.contrastlab.core.io.Json;

/**
 * View recipes in files: JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}), the
 * fields named as in {@link ViewRecipe} and {@link ViewGroup}. A bad file is refused with a
 * message that names the file and the field ({@code groups[1].solarizeProbability …}).
 */
public final class RecipeFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private RecipeFiles() {
    }

    /** A preset by name, or else a recipe file. */
    public static ViewRecipe resolve(String nameOrFile) {
        if (ViewRecipes.names().contains(nameOrFile)) {
            return ViewRecipes.byName(nameOrFile);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("recipe '" + nameOrFile + "' is neither a preset " + ViewRecipes.names()
                    + " nor a readable .json/.yaml file");
        }
        return read(file);
    }

    public static ViewRecipe read(Path file) {
        try {
            // a key given twice is refused: which of the two a user meant is not ours to guess
            return mapper(file).readerFor(ViewRecipe.class).with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readValue(file.toFile());
        } catch (JsonMappingException e) {
            throw refusal(file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().lines().findFirst().orElse("cannot read"), e);
        }
    }

    /** Writes atomically: a crash never leaves half a recipe. */
    public static void write(Path file, ViewRecipe recipe) {
        try {
            AtomicFiles.writeString(file, mapper(file).writeValueAsString(recipe));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the recipe (" + e.getMessage() + ")", e);
        }
    }

    public static String toYaml(ViewRecipe recipe) {
        try {
            return YAML.writeValueAsString(recipe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper mapper(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAML;
        }
        if (name.endsWith(".json")) {
            return Json.mapper();
        }
        throw new IllegalArgumentException(file + ": a recipe file ends in .json, .yaml or .yml");
    }

    private static IllegalArgumentException refusal(Path file, JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof InvalidRecipeException bad) {
            String prefix = path.length() == 0 ? "" : path + ".";
            return new InvalidRecipeException(bad.prefixed(file + ": " + prefix).problems());
        }
        String what = e.getOriginalMessage().lines().findFirst().orElse("cannot read");
        return new IllegalArgumentException(file + ": " + (path.length() == 0 ? "" : path + ": ") + what, e);
    }
}
