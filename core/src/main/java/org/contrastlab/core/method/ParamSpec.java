package org.contrastlab.core.method;

/**
 * One method-specific setting: its name (as in {@code --param name=value} and config.json),
 * the method's small-preset value, the range it must lie in, and what it does. Flags are 0 or 1.
 *
 * @param earlierDefault where the default changed in a release, the default before it (null:
 *                       never changed): a run's config.json always holds such a setting, and one
 *                       written before the change, which left it out, is read with the earlier value
 * @param earlierMonitor a monitor that a run logs with the earlier value and not with the present
 *                       default (null: none). A run that left the setting out was written before
 *                       runs kept it, which may be after the default changed; its metrics then say
 *                       which value it trained with ({@code RunDirectory#config})
 */
public record ParamSpec(String name, double defaultValue, double min, double max, String description, boolean whole,
                        Double earlierDefault, String earlierMonitor) {
    public ParamSpec {
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
        }
    }

    /** A setting that takes any number within [min, max]. */
    public ParamSpec(String name, double defaultValue, double min, double max, String description) {
        this(name, defaultValue, min, max, description, false, null, null);
    }

    public ParamSpec(String name, double defaultValue, double min, double max, String description, boolean whole) {
        this(name, defaultValue, min, max, description, whole, null, null);
    }

    /** This setting, whose default was {@code earlier} in the releases before its present one (see {@link #earlierDefault}). */
    public ParamSpec changedFrom(double earlier) {
        return new ParamSpec(name, defaultValue, min, max, description, whole, earlier, null);
    }

    /** {@link #changedFrom(double)}, where runs with the earlier value logged {@code monitor} and runs with the present one do not. */
    public ParamSpec changedFrom(double earlier, String monitor) {
        return new ParamSpec(name, defaultValue, min, max, description, whole, earlier, monitor);
    }

    public static ParamSpec flag(String name, boolean on, String description) {
        return new ParamSpec(name, on ? 1 : 0, 0, 1, description, true);
    }

    public static ParamSpec count(String name, int value, int min, int max, String description) {
        return new ParamSpec(name, value, min, max, description, true);
    }
}
