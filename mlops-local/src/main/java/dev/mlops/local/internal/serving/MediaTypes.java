package dev.mlops.local.internal.serving;

/** Content negotiation for {@code /invocations}: the two media types the server reads and writes. */
final class MediaTypes {

    static final String CSV = "text/csv";
    static final String JSON = "application/json";

    private MediaTypes() {
    }

    /**
     * The media type of a {@code Content-Type} value, lower-cased and without parameters.
     *
     * @param header the header value, or {@code null}
     * @return {@link #CSV}, {@link #JSON}, or {@code null} for anything else
     */
    static String requestType(String header) {
        if (header == null) {
            return null;
        }
        String type = mediaType(header, 0, header.length());
        if (type.equalsIgnoreCase(CSV)) {
            return CSV;
        }
        if (type.equalsIgnoreCase(JSON)) {
            return JSON;
        }
        return null;
    }

    /**
     * Picks the response type from an {@code Accept} value: the first listed type we can produce, with
     * {@code *}{@code /*}, {@code text/*} and {@code application/*} as wildcards. Quality values are not
     * weighed; clients of inference endpoints send one type.
     *
     * @param header the header value, or {@code null}
     * @param requestType the request's media type, used when the client accepts anything
     * @return {@link #CSV}, {@link #JSON}, or {@code null} if nothing listed can be produced (406)
     */
    static String responseType(String header, String requestType) {
        if (header == null || header.isBlank()) {
            return requestType;
        }
        int start = 0;
        while (start <= header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            String type = mediaType(header, start, end);
            if (type.equals("*/*")) {
                return requestType;
            }
            if (type.equalsIgnoreCase(CSV) || type.equalsIgnoreCase("text/*")) {
                return CSV;
            }
            if (type.equalsIgnoreCase(JSON) || type.equalsIgnoreCase("application/*")) {
                return JSON;
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return null;
    }

    private static String mediaType(String header, int start, int end) {
        int semicolon = header.indexOf(';', start);
        if (semicolon >= 0 && semicolon < end) {
            end = semicolon;
        }
        return header.substring(start, end).trim();
    }
}
