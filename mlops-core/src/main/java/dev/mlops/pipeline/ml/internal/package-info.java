/** Internal helpers of the ML pieces (reading model archives); no compatibility promise. */
package dev.mlops.pipeline.ml.internal;
