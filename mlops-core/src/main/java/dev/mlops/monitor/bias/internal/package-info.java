/** Implementation details of bias monitoring; not a public API and may change without notice. */
package dev.mlops.monitor.bias.internal;
