package org.contrastlab.core.method;

import java.util.List;
import java.util.Map;

/**
 * What a method compares in one step, in its own terms, for the step-through view: MoCo's queue
 * (its size and the age of its oldest key), BYOL's and SimSiam's prediction against the target,
 * SwAV's Sinkhorn codes, DINO's teacher and student distributions and the centre. Read between
 * two steps on copies; nothing here changes the run.
 *
 * @param summary what the method compares, in a sentence
 * @param figures named numbers ("queue_size", "oldest_key_age_steps" …)
 * @param bars    series drawn as bars (one value per image, per prototype …)
 */
public record StepDetail(String summary, Map<String, Double> figures, List<Bars> bars) {
    public StepDetail {
        figures = Map.copyOf(figures);
        bars = List.copyOf(bars);
    }

    /** A method that says nothing of its own: the similarity matrix is the whole picture. */
    public static final StepDetail NONE = new StepDetail("", Map.of(), List.of());

    /**
     * One series of bars.
     *
     * @param title  what the bars are ("cos(prediction, target) per image")
     * @param values the bars' heights
     * @param labels what each bar is (image numbers, prototype ids); empty: 1, 2, 3 …
     */
    public record Bars(String title, float[] values, List<String> labels) {
        public Bars {
            values = values.clone();
            labels = List.copyOf(labels);
        }
    }
}
