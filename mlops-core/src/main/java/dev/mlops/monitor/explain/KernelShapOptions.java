package dev.mlops.monitor.explain;

import dev.mlops.exception.ValidationException;

/**
 * Settings of Kernel SHAP. Immutable.
 *
 * @param seed seed of the coalition sampling, so that runs are repeatable
 * @param maxCoalitions when {@code 2^features - 2} is at most this, every coalition is evaluated (exact Shapley
 *     values of the baseline game); otherwise this many coalitions are sampled
 * @param useBackgroundMean {@code true} to use the mean of the background rows as the single baseline row
 *     (Clarify's default); {@code false} to average the model over every background row (interventional SHAP)
 */
public record KernelShapOptions(long seed, int maxCoalitions, boolean useBackgroundMean) {

    /**
     * Validates the settings.
     *
     * @param seed the seed
     * @param maxCoalitions at least 1
     * @param useBackgroundMean whether to collapse the background to its mean
     */
    public KernelShapOptions {
        if (maxCoalitions < 1) {
            throw new ValidationException("KernelShapOptions.maxCoalitions", maxCoalitions, "at least 1");
        }
    }

    /**
     * Seed 0, up to 2048 coalitions, background mean as baseline.
     *
     * @return the defaults
     */
    public static KernelShapOptions defaults() {
        return new KernelShapOptions(0L, 2048, true);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param newSeed the seed
     * @return the copy
     */
    public KernelShapOptions withSeed(long newSeed) {
        return new KernelShapOptions(newSeed, maxCoalitions, useBackgroundMean);
    }

    /**
     * Returns a copy that averages over every background row instead of their mean.
     *
     * @return the copy
     */
    public KernelShapOptions withFullBackground() {
        return new KernelShapOptions(seed, maxCoalitions, false);
    }

    /**
     * Returns a copy with another coalition budget.
     *
     * @param coalitions at least 1
     * @return the copy
     */
    public KernelShapOptions withMaxCoalitions(int coalitions) {
        return new KernelShapOptions(seed, coalitions, useBackgroundMean);
    }
}
