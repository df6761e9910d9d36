/**
 * Implementation of the views: escaping, formatting, the SVG chart drawing and text tables. Not part of the API; it may
 * change in any release.
 */
package dev.mlops.jupyter.internal;
