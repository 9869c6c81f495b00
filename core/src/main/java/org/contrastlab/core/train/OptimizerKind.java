package org.contrastlab.core.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The optimizers a run can name: SGD with momentum, plain or Nesterov; LARS; AdamW. */
public enum OptimizerKind {
    SGD, NESTEROV, LARS, ADAMW;

    /** The name a user gives and config.json keeps: {@code sgd}, {@code nesterov}, {@code lars}, {@code adamw}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The optimizer a name gives, if it is one. */
    public static Optional<OptimizerKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(OptimizerKind::id).toList();
    }
}
