/**
 * The backend SPI: the small interfaces a backend implements (project store, repositories, orchestrator, model
 * registry, artifact store, endpoint host, monitor runner, image builder), bundled by
 * {@link dev.mlops.spi.Backend} and found by name through {@link dev.mlops.spi.BackendProvider}. Stable for
 * backend authors; users need it only to plug in a backend.
 */
package dev.mlops.spi;
