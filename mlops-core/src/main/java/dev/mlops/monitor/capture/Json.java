package dev.mlops.monitor.capture;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Compact JSON building for capture lines, in the service's key order. */
final class Json {
    private Json() {
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }

    static void payload(StringBuilder sb, CaptureData d) {
        sb.append("{\"observedContentType\":");
        string(sb, d.observedContentType());
        sb.append(",\"mode\":\"").append(d.mode().name()).append("\",\"data\":");
        string(sb, d.data());
        sb.append(",\"encoding\":\"").append(d.encoding().name()).append("\"}");
    }
}
