package dev.mlops.local.internal.serving;

import io.netty.util.AsciiString;

/**
 * The model a server answers with: the variant's name and its predictor. Swapped as one reference, so a
 * request that has read it finishes on it even if a new one is deployed meanwhile.
 *
 * @param variantName the production variant's name
 * @param predictor its model
 * @param variantHeader the name, pre-encoded for the response header
 */
record Deployment(String variantName, RowPredictor predictor, AsciiString variantHeader) {

    Deployment(String variantName, RowPredictor predictor) {
        this(variantName, predictor, AsciiString.cached(variantName));
    }
}
