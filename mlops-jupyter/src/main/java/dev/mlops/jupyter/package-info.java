/**
 * Project state as HTML tables and SVG charts, for notebooks and anything else that shows HTML.
 *
 * <p>{@link dev.mlops.jupyter.MlopsViews} turns the public API's values ({@code Project.status()}, executions, model
 * versions, gates, environments, monitoring executions and reports) into {@link dev.mlops.jupyter.View}s: a
 * {@link dev.mlops.jupyter.TableView}, a {@link dev.mlops.jupyter.ChartView} or a
 * {@link dev.mlops.jupyter.ViewGroup} of them. Every view gives self-contained HTML (inline styles, no script, no
 * external CSS or fonts), a MIME bundle, and plain text from {@code toString()}. None of this needs a Jupyter kernel.
 *
 * <p>{@link dev.mlops.jupyter.MlopsDisplay} registers renderers with the Jupyter JVM base kernel (IJava), so that a
 * cell whose value is, say, {@code project.models().versions()} shows as a table. It is the only class that uses the
 * optional {@code io.github.spencerpark:jupyter-jvm-basekernel} dependency.
 */
package dev.mlops.jupyter;
