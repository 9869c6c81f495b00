package org.contrastlab.visual;

import java.util.Arrays;

/**
 * Turns points of three dimensions (x, y, z interleaved) around their centre and projects them
 * orthographically onto the screen: a turn about the vertical axis (yaw), then about the
 * horizontal one (pitch). Gives the 2-D layout, each point's nearness in [0, 1] (1: in front)
 * and the order to draw them in, farthest first, so that nearer points cover farther ones.
 */
final class Orbit {
    private final double[] centred;
    private final double radius;
    private double yaw = 0.6;
    private double pitch = -0.35;
    private double[] layout;
    private double[] nearness;
    private int[] order;

    Orbit(double[] xyz) {
        int n = xyz.length / 3;
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                mean[k] += xyz[3 * i + k] / n;
            }
        }
        centred = new double[xyz.length];
        double r = 1e-12;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                centred[3 * i + k] = xyz[3 * i + k] - mean[k];
                s += centred[3 * i + k] * centred[3 * i + k];
            }
            r = Math.max(r, Math.sqrt(s));
        }
        radius = r;
        project();
    }

    /** Turns by {@code dYaw} and {@code dPitch} radians (pitch kept within ±90°). */
    void turn(double dYaw, double dPitch) {
        yaw += dYaw;
        pitch = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, pitch + dPitch));
        project();
    }

    /** The farthest any point is from the centre: the view fitted to it stays fitted whatever the turn. */
    double radius() {
        return radius;
    }

    double[] layout() {
        return layout;
    }

    double[] nearness() {
        return nearness;
    }

    int[] order() {
        return order;
    }

    private void project() {
        int n = centred.length / 3;
        double cy = Math.cos(yaw);
        double sy = Math.sin(yaw);
        double cp = Math.cos(pitch);
        double sp = Math.sin(pitch);
        layout = new double[2 * n];
        nearness = new double[n];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            double x = centred[3 * i];
            double y = centred[3 * i + 1];
            double z = centred[3 * i + 2];
            double x1 = x * cy + z * sy;
            double z1 = -x * sy + z * cy;
            layout[2 * i] = x1;
            layout[2 * i + 1] = -(y * cp - z1 * sp);
            double depth = y * sp + z1 * cp; // towards the viewer
            nearness[i] = 0.5 + 0.5 * depth / radius;
            keys[i] = ((long) (nearness[i] * (1 << 20)) << 32) | i;
        }
        Arrays.sort(keys);
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
    }
}
