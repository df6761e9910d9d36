package dev.mlops.monitor.internal;

/**
 * Receives parsed rows one field at a time.
 */
public interface RowSink {
    /**
     * One field of the current row.
     *
     * @param index column position
     * @param b bytes holding the field
     * @param start first byte
     * @param end one past the last byte
     */
    void field(int index, byte[] b, int start, int end);

    /**
     * Ends the current row.
     *
     * @param fieldCount fields the row had
     */
    void endRow(int fieldCount);
}
