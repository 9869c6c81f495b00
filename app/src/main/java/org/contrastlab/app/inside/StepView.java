package org.contrastlab.app.inside;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.contrastlab.app.common.SlideExport;
import org.contrastlab.core.inspect.StepInspection;
import org.contrastlab.core.method.StepDetail;

/**
 * The "Inside a step" tab: the step a held run takes next. Its views (the first images' two views,
 * a column each), the cosine similarity of their embeddings as a heat map with each row's positive
 * (the other view of its image) outlined, each row's InfoNCE loss beside it, and what the method
 * itself compares (MoCo's queue, BYOL's prediction against its target, SwAV's codes, DINO's
 * teacher and student distributions with the centre). Step and Continue drive the run.
 */
public final class StepView extends BorderPane {
    private static final int MAP_SIZE = 420;
    private final Label title = new Label("Press Step while a run trains: it stops between two steps and shows the next one here.");
    private final GridPane views = new GridPane();
    private final Canvas heat = new Canvas(MAP_SIZE + 40, MAP_SIZE + 60);
    private final Canvas losses = new Canvas(170, MAP_SIZE + 40);
    private final Label summary = new Label();
    private final Label figures = new Label();
    private final VBox bars = new VBox(8);
    /** The off-diagonal cosines' range the heat map's colours span, for tests. */
    private double[] range = {Double.NaN, Double.NaN};

    /**
     * @param step     Step: hold the run, or take one step
     * @param release  Continue
     * @param running  whether a run is training (Step is offered then)
     */
    public StepView(StepThrough through, Runnable step, Runnable release, ObservableBooleanValue running) {
        setId("step-view");
        Button stepButton = new Button("Step ▸");
        stepButton.setId("step-once");
        stepButton.disableProperty().bind(Bindings.not(running));
        stepButton.setOnAction(e -> step.run());
        Button go = new Button("Continue ▶");
        go.setId("step-continue");
        go.disableProperty().bind(through.heldProperty().not());
        go.setOnAction(e -> release.run());
        title.setId("step-title");
        title.setWrapText(true);
        title.getStyleClass().add("step-title");
        HBox top = new HBox(10, stepButton, go, title);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));
        setTop(top);
        views.setId("step-views");
        views.setHgap(3);
        views.setVgap(3);
        heat.setId("step-heatmap");
        losses.setId("step-losses");
        summary.setId("step-summary");
        summary.setWrapText(true);
        summary.setMaxWidth(520);
        figures.setId("step-figures");
        figures.setWrapText(true);
        figures.setMaxWidth(520);
        VBox detail = new VBox(8, summary, figures, bars);
        detail.setId("step-detail");
        detail.setPadding(new Insets(0, 8, 8, 8));
        HBox matrix = new HBox(4, heat, losses);
        matrix.setId("step-matrix");
        SlideExport.offer(matrix, "step-similarity", title::setText);
        SlideExport.offer(views, "step-views", title::setText);
        SlideExport.offer(detail, "step-detail", title::setText);
        FlowPane body = new FlowPane(16, 12, new VBox(6, new Label("the views (a column per image: view 1 above view 2)"), views),
                new VBox(6, new Label("cosine similarity of their embeddings; outlined: the positive pair"), matrix), detail);
        body.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        through.shownProperty().addListener((o, was, now) -> {
            if (now != null) {
                show(now);
            }
        });
    }

    /** Draws an inspection. FX thread. */
    public void show(StepInspection s) {
        title.setText(String.format(Locale.ROOT, "Step %d of %s, shown before it is taken: %d of its %d images, each row's InfoNCE"
                + " at τ %.2f: mean %.3f", s.step(), s.method(), s.images(), s.batchSize(), s.temperature(), s.meanRowLoss()));
        drawViews(s);
        drawHeat(s);
        drawLosses(s);
        StepDetail d = s.detail();
        summary.setText(d.summary().isEmpty() ? "This method's loss is the contrast drawn here." : d.summary());
        figures.setText(d.figures().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().replace('_', ' ') + " " + format(e.getValue())).collect(Collectors.joining("   ")));
        bars.getChildren().clear();
        for (StepDetail.Bars b : d.bars()) {
            bars.getChildren().add(new VBox(2, new Label(b.title() + String.format(Locale.ROOT, " (highest %.3g)", max(b.values()))),
                    barChart(b)));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private void drawViews(StepInspection s) {
        views.getChildren().clear();
        int perImage = s.rows() / s.images();
        double side = Math.max(28, Math.min(56, 640.0 / s.images()));
        for (int r = 0; r < s.rows(); r++) {
            WritableImage img = new WritableImage(s.viewSize(), s.viewSize());
            img.getPixelWriter().setPixels(0, 0, s.viewSize(), s.viewSize(), PixelFormat.getIntArgbInstance(), s.views().get(r), 0,
                    s.viewSize());
            ImageView v = new ImageView(img);
            v.setFitWidth(side);
            v.setFitHeight(side);
            views.add(v, r % s.images(), perImage == 1 ? 0 : r / s.images());
        }
    }

    private double cell(StepInspection s) {
        return Math.floor(MAP_SIZE / (double) s.rows());
    }

    private void drawHeat(StepInspection s) {
        GraphicsContext g = heat.getGraphicsContext2D();
        g.clearRect(0, 0, heat.getWidth(), heat.getHeight());
        double c = cell(s);
        double o = 36;
        // the colours span the off-diagonal range: features after a ReLU have no negative cosines,
        // and what matters is which pairs stand out from the rest
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < s.rows(); j++) {
                if (i != j) {
                    lo = Math.min(lo, s.similarity(i, j));
                    hi = Math.max(hi, s.similarity(i, j));
                }
            }
        }
        range = new double[] {lo, hi};
        g.setFont(Font.font(Math.max(7, Math.min(11, c * 0.45))));
        int every = c < 16 ? 2 : 1;
        for (int i = 0; i < s.rows(); i++) {
            g.setFill(Color.BLACK);
            if (i % every == 0) {
                g.fillText(rowName(s, i), 2, o + i * c + c * 0.7);
                g.fillText(rowName(s, i), o + i * c + 1, o - 4);
            }
            for (int j = 0; j < s.rows(); j++) {
                g.setFill(i == j ? Color.gray(0.8) : shade((s.similarity(i, j) - lo) / Math.max(1e-6, hi - lo)));
                g.fillRect(o + j * c, o + i * c, c, c);
            }
        }
        g.setStroke(Color.web("#00a000"));
        g.setLineWidth(Math.max(2, c / 6));
        for (int i = 0; i < s.rows(); i++) {
            int p = s.positiveOf(i);
            if (p >= 0) {
                g.strokeRect(o + p * c + 1, o + i * c + 1, c - 2, c - 2);
            }
        }
        g.setFill(Color.BLACK);
        g.setFont(Font.font(11));
        g.fillText(String.format(Locale.ROOT, "white: cos %.2f … dark: cos %.2f; green: the positive pair", lo, hi), o,
                o + s.rows() * c + 16);
    }

    /** 0 white … 1 dark red. */
    static Color shade(double t) {
        double x = Math.max(0, Math.min(1, t));
        return Color.color(1 - 0.45 * x, 1 - 0.95 * x, 1 - 0.9 * x);
    }

    /** "3a": image 3, view 1; "3b": its view 2. */
    private static String rowName(StepInspection s, int row) {
        int perImage = s.rows() / s.images();
        return (row % s.images() + 1) + (perImage == 1 ? "" : row < s.images() ? "a" : "b");
    }

    private void drawLosses(StepInspection s) {
        GraphicsContext g = losses.getGraphicsContext2D();
        g.clearRect(0, 0, losses.getWidth(), losses.getHeight());
        double c = cell(s);
        double o = 36;
        double max = 0;
        for (float l : s.rowLoss()) {
            max = Float.isNaN(l) ? max : Math.max(max, l);
        }
        g.setFill(Color.BLACK);
        g.setFont(Font.font(11));
        g.fillText("loss of each row", 0, o - 4);
        for (int i = 0; i < s.rows(); i++) {
            float l = s.rowLoss()[i];
            if (Float.isNaN(l) || max <= 0) {
                continue;
            }
            double w = (losses.getWidth() - 40) * l / max;
            g.setFill(Color.web("#d95f02"));
            g.fillRect(0, o + i * c + 1, w, c - 2);
            g.setFill(Color.BLACK);
            g.setFont(Font.font(Math.max(8, c * 0.5)));
            g.fillText(String.format(Locale.ROOT, "%.2f", l), w + 2, o + i * c + c * 0.7);
        }
    }

    private static Canvas barChart(StepDetail.Bars b) {
        float[] v = b.values();
        Canvas canvas = new Canvas(Math.max(200, Math.min(520, 22.0 * v.length)), 110);
        GraphicsContext g = canvas.getGraphicsContext2D();
        double lo = 0;
        double hi = 0;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        double span = hi - lo == 0 ? 1 : hi - lo;
        double w = canvas.getWidth() / v.length;
        double base = 90 * hi / span;
        g.setStroke(Color.gray(0.5));
        g.strokeLine(0, base, canvas.getWidth(), base);
        g.setFont(Font.font(9));
        for (int i = 0; i < v.length; i++) {
            double h = 90 * v[i] / span;
            g.setFill(Color.web("#1f77b4"));
            g.fillRect(i * w + 1, h >= 0 ? base - h : base, Math.max(1, w - 2), Math.abs(h));
            g.setFill(Color.BLACK);
            String label = b.labels().isEmpty() ? String.valueOf(i + 1) : b.labels().get(i);
            if (w >= 14) {
                g.fillText(label, i * w + 1, 105);
            }
        }
        return canvas;
    }

    private static double max(float[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** The lowest and highest cosine off the diagonal, which the heat map's colours span. */
    public double[] colourRange() {
        return range.clone();
    }

    /** The title line, for tests. */
    public String title() {
        return title.getText();
    }
}
