/** Project events and listeners: how progress that a person waits for is reported. */
package dev.mlops.event;
