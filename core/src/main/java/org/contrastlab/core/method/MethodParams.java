package org.contrastlab.core.method;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The method-specific settings of a run, resolved: every {@link ParamSpec} of the method at
 * its given value or its default. Unknown names, values out of range and fractional counts
 * are refused with a message naming the setting.
 */
public final class MethodParams {
    private final String method;
    private final Map<String, Double> values;

    private MethodParams(String method, Map<String, Double> values) {
        this.method = method;
        this.values = values;
    }

    /** The problems with {@code given} for {@code spec}, empty when it is valid. */
    public static List<String> problems(MethodSpec spec, Map<String, Double> given) {
        List<String> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        for (Map.Entry<String, Double> e : given.entrySet()) {
            ParamSpec p = spec.param(e.getKey());
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (p == null) {
                out.add(String.format(Locale.ROOT, "--param %s: %s has no such setting (it has: %s)", e.getKey(), spec.id(),
                        spec.params().stream().map(ParamSpec::name).toList()));
            } else if (!(v >= p.min() && v <= p.max())) {
                out.add(String.format(Locale.ROOT, "--param %s must be within [%s, %s], got %s", p.name(),
                        format(p.min()), format(p.max()), format(v)));
            } else if (p.whole() && v != Math.rint(v)) {
                out.add(String.format(Locale.ROOT, "--param %s is a %s: a whole number, got %s", p.name(),
                        p.min() == 0 && p.max() == 1 ? "switch (0 or 1)" : "count", format(v)));
            }
        }
        return out;
    }

    /** The settings of {@code spec} with {@code given} over its defaults; call after {@link #problems}. */
    public static MethodParams resolve(MethodSpec spec, Map<String, Double> given) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            values.put(p.name(), given != null && given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue());
        }
        return new MethodParams(spec.id(), values);
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(method + " has no setting '" + name + "'");
        }
        return v;
    }

    public int count(String name) {
        return (int) Math.round(get(name));
    }

    public boolean flag(String name) {
        return get(name) != 0;
    }

    /** Every setting with its value, in the method's order. */
    public Map<String, Double> values() {
        return Map.copyOf(values);
    }

    /** A setting's value as a user writes it: 3, not 3.0; 0.0002, not 2.0E-4 (messages, {@code methods}, the run list). */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
