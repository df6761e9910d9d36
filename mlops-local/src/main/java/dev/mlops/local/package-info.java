/**
 * The embedded local backend: every part of a project on one machine, under one home directory. See
 * {@link dev.mlops.local.LocalBackend}.
 */
package dev.mlops.local;
