/**
 * The machine-learning parts of the local pipeline: a fitted feature transform
 * ({@link dev.mlops.pipeline.ml.FeatureTransform}) and a pure-Java XGBoost predictor
 * ({@link dev.mlops.pipeline.ml.XgboostModel}). Processing scripts in a project's model-build repository may
 * use these classes.
 */
package dev.mlops.pipeline.ml;
