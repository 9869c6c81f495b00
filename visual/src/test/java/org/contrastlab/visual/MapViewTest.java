package org.contrastlab.visual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MapViewTest {
    private static final double W = 400;
    private static final double H = 300;

    @Test
    void aFittedMapFillsTheSmallerSideAroundTheCentre() {
        MapView view = new MapView();
        view.fitBox(new double[] {-1, 5, 3, 7, 1, 6}, W, H);
        // the box is x −1..3, y 5..7: its centre (1, 6) lands mid-plot, its 4-unit span on 92% of 300 px
        assertEquals(W / 2, view.px(1, W), 1e-9);
        assertEquals(H / 2, view.py(6, H), 1e-9);
        assertEquals(0.92 * H, view.px(3, W) - view.px(-1, W), 1e-9);
    }

    @Test
    void zoomingKeepsThePointUnderTheMouseWherePanningMovesEverything() {
        MapView view = new MapView();
        view.fitBox(new double[] {0, 0, 10, 10}, W, H);
        double x = view.px(7, W);
        double y = view.py(2, H);
        double before = view.px(10, W) - view.px(0, W);
        view.zoomAt(x, y, 2.5, W, H);
        assertEquals(x, view.px(7, W), 1e-9);
        assertEquals(y, view.py(2, H), 1e-9);
        assertEquals(2.5 * before, view.px(10, W) - view.px(0, W), 1e-9);
        view.pan(30, -12);
        assertEquals(x + 30, view.px(7, W), 1e-9);
        assertEquals(y - 12, view.py(2, H), 1e-9);
    }

    @Test
    void turnedPointsAreFittedAsABallAroundTheOrigin() {
        MapView view = new MapView();
        view.fitBall(2, W, H);
        assertEquals(W / 2, view.px(0, W), 1e-9);
        assertEquals(0.92 * H, view.py(2, H) - view.py(-2, H), 1e-9);
    }
}
