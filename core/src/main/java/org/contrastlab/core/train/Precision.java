package org.contrastlab.core.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the networks compute in: float32, or float16 over float32 weights and loss ({@code HalfStore}). */
public enum Precision {
    FP32, FP16;

    /** The name a user gives and config.json keeps: {@code fp32}, {@code fp16}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision a name gives, if it is one. */
    public static Optional<Precision> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Precision::id).toList();
    }
}
