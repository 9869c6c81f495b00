package org.contrastlab.core.method;

/**
 * One method-specific setting: its name (as in {@code --param name=value} and config.json),
 * the method's small-preset value, the range it must lie in, and what it does. Flags are 0 or 1.
 */
public record ParamSpec(String name, double defaultValue, double min, double max, String description, boolean whole) {
    public ParamSpec {
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
        }
    }

    /** A setting that takes any number within [min, max]. */
    public ParamSpec(String name, double defaultValue, double min, double max, String description) {
        this(name, defaultValue, min, max, description, false);
    }

    public static ParamSpec flag(String name, boolean on, String description) {
        return new ParamSpec(name, on ? 1 : 0, 0, 1, description, true);
    }

    public static ParamSpec count(String name, int value, int min, int max, String description) {
        return new ParamSpec(name, value, min, max, description, true);
    }
}
