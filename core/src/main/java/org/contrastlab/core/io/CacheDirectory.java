package org.contrastlab.core.io;

import java.nio.file.Path;

/**
 * The user cache folder for generated data: the system property {@code contrastlab.cache},
 * else the environment variable {@code CONTRASTLAB_CACHE}, else
 * {@code $XDG_CACHE_HOME/contrastlab}, else {@code ~/.cache/contrastlab}.
 */
public final class CacheDirectory {
    private CacheDirectory() {
    }

    public static Path get() {
        String prop = System.getProperty("contrastlab.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("CONTRASTLAB_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "contrastlab");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "contrastlab");
    }
}
