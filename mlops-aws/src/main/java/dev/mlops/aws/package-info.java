/**
 * The AWS backend's package. This module carries the build wiring (AWS SDK for Java v2 BOM, Resilience4j,
 * WireMock for tests) and no backend yet: projects on AWS need the AWS backend, which is not part of this
 * release. The embedded {@link dev.mlops.local.LocalBackend} runs every template that needs only hosted
 * repositories, ML pipelines and endpoints.
 */
package dev.mlops.aws;
