/**
 * Implementation of the monitors (sketches, parsers, checks). Not API: may change without notice.
 */
package dev.mlops.monitor.internal;
