package org.inpaint.training.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Means of values by group (a hole-ratio bin, or {@link ValidationSet#ALL}), in the order groups first appear. */
public final class GroupMeans {

    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private double total;
    private int count;

    public void add(String group, double value) {
        double[] sum = sums.computeIfAbsent(group, g -> new double[2]);
        sum[0] += value;
        sum[1]++;
        total += value;
        count++;
    }

    /** The mean of each group. */
    public Map<String, Double> means() {
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((group, sum) -> means.put(group, sum[0] / sum[1]));
        return Collections.unmodifiableMap(means);
    }

    /** The mean of every value added, whatever its group; NaN before the first. */
    public double overall() {
        return count == 0 ? Double.NaN : total / count;
    }
}
