package dev.mlops.git.bitbucket.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body, as Bitbucket Cloud's {@code POST …/src} takes it: plain fields for the
 * commit's metadata, file fields (with a {@code filename}) named by the file's absolute path in the repository.
 */
public final class Multipart {
    private final String boundary = "mlops-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * Adds a plain field.
     *
     * @param name the field
     * @param value its value
     * @return this body
     */
    public Multipart field(String name, String value) {
        head("form-data; name=\"" + escape(name) + "\"", null);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /**
     * Adds a file field.
     *
     * @param name the field (the file's path)
     * @param content the bytes
     * @return this body
     */
    public Multipart file(String name, byte[] content) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        head("form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(base) + "\"", "application/octet-stream");
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /**
     * The content type, with the boundary.
     *
     * @return the type
     */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * The body, closed.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return copy.toByteArray();
    }

    private void head(String disposition, String type) {
        StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: ").append(disposition).append("\r\n");
        if (type != null) {
            h.append("Content-Type: ").append(type).append("\r\n");
        }
        h.append("\r\n");
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
