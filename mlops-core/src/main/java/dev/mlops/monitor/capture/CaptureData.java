package dev.mlops.monitor.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One captured payload ({@code captureData.endpointInput} or {@code endpointOutput}): content type as observed,
 * mode, the data as text and how it is encoded.
 *
 * @param observedContentType the Content-Type seen on the request or response, e.g. {@code text/csv; charset=utf-8}
 * @param mode {@code INPUT} or {@code OUTPUT}
 * @param data the payload: the text itself for CSV and JSON, base64 otherwise
 * @param encoding {@code CSV}, {@code JSON} or {@code BASE64}
 */
public record CaptureData(String observedContentType, Mode mode, String data, Encoding encoding) {
    /** Direction of the payload. */
    public enum Mode {
        /** Request body. */
        INPUT,
        /** Response body. */
        OUTPUT
    }

    /** How {@code data} is stored. */
    public enum Encoding {
        /** CSV text. */
        CSV,
        /** JSON text. */
        JSON,
        /** Base64 of the raw bytes. */
        BASE64
    }

    /**
     * Validates the fields.
     *
     * @param observedContentType content type
     * @param mode mode
     * @param data payload
     * @param encoding encoding
     */
    public CaptureData {
        if (mode == null || data == null || encoding == null) {
            throw new ValidationException("CaptureData.mode/data/encoding", null, "all non-null");
        }
        if (observedContentType == null) {
            observedContentType = "";
        }
    }

    /**
     * Builds a payload from raw bytes, storing it as text when the content type is CSV or JSON (SageMaker's default
     * {@code text/csv} and {@code application/json} lists) and as base64 otherwise.
     *
     * @param contentType the observed content type
     * @param mode the direction
     * @param body the raw bytes
     * @return the payload
     */
    public static CaptureData of(String contentType, Mode mode, byte[] body) {
        String ct = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (ct.startsWith("text/csv")) {
            return new CaptureData(contentType, mode, new String(body, StandardCharsets.UTF_8), Encoding.CSV);
        }
        if (ct.startsWith("application/json") || ct.startsWith("application/jsonlines")) {
            return new CaptureData(contentType, mode, new String(body, StandardCharsets.UTF_8), Encoding.JSON);
        }
        return new CaptureData(contentType, mode, Base64.getEncoder().encodeToString(body), Encoding.BASE64);
    }

    /**
     * The payload bytes, decoding base64.
     *
     * @return the raw bytes
     * @throws IllegalArgumentException if BASE64 data is not valid base64
     */
    public byte[] bytes() {
        return encoding == Encoding.BASE64 ? Base64.getDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8);
    }

    static CaptureData fromJson(JsonNode o, Mode expected) {
        if (o == null || !o.isObject()) {
            return null;
        }
        JsonNode data = o.get("data");
        if (data == null || !data.isTextual()) {
            throw new IllegalArgumentException("capture payload has no text \"data\"");
        }
        Mode mode = o.has("mode") ? Mode.valueOf(o.path("mode").asText()) : expected;
        return new CaptureData(o.path("observedContentType").asText(""), mode, data.asText(),
                Encoding.valueOf(o.path("encoding").asText("BASE64")));
    }
}
