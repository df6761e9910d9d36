package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import dev.mlops.local.internal.serving.EndpointServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example exchange of docs/endpoint-contract.md, sent to a real embedded endpoint (the prod endpoint of an
 * {@code abalone} project after one trip through build, approval, staging and the gate): the documented status,
 * headers and body shape must be what the endpoint answers.
 *
 * <p>An example is a {@code <!-- endpoint-example: NAME -->} line, an {@code http} block with the request (request
 * line, headers, a blank line, the body), then an {@code http} block with the response. In the documented response,
 * a header value or a text body may use {@code …} for "anything here"; in a 200 response every number stands for any
 * number (predictions change with the model), and JSON is compared by shape. A request body line
 * {@code <N bytes of CSV>} stands for that many bytes. An example marked {@code … before a model is deployed -->} goes
 * to an {@link EndpointServer} (the embedded backend's server) that has no deployment yet.
 */
class EndpointContractDocTest {
    private static final Pattern EXAMPLE = Pattern.compile("^<!--\\s*endpoint-example:\\s*([a-z0-9-]+)( before a model is deployed)?\\s*-->\\s*$");
    private static final Pattern GENERATED = Pattern.compile("^<(\\d+) bytes of CSV>$");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    private static LocalBackend backend;
    private static Project project;
    private static URI endpoint;
    /** An endpoint server of the embedded backend with no model deployed yet, as one is while its first deploy starts. */
    private static EndpointServer empty;

    /** One documented exchange. */
    record Example(String name, boolean noModel, String method, String path, Map<String, String> headers, String body,
            int status, Map<String, String> responseHeaders, String responseBody) {
    }

    @BeforeAll
    static void deployProd() {
        backend = LocalBackend.builder().home(home).build();
        project = MlopsProjects.builder().name("abalone").backend(backend).create();
        project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
        ModelVersion v = project.models().pendingApproval().first().orElseThrow().approve("for the contract");
        project.environments().staging().awaitDeployed(v, Duration.ofMinutes(2));
        project.gates().awaitPending(v, Duration.ofMinutes(2)).approve("ok");
        project.environments().prod().awaitDeployed(v, Duration.ofMinutes(2));
        endpoint = project.environments().prod().endpoint().url();
        empty = EndpointServer.builder("abalone-prod").start();
    }

    @AfterAll
    static void close() {
        empty.close();
        project.delete();
        project.close();
        backend.close();
    }

    @Test
    void everyDocumentedExchange_isWhatTheEndpointAnswers() throws Exception {
        List<Example> examples = examples(Snippets.root().resolve("docs/endpoint-contract.md"));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(18)
                .extracting(Example::status).contains(200, 400, 404, 405, 406, 413, 415, 503);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> problems = new ArrayList<>();
        for (Example e : examples) {
            URI base = e.noModel() ? empty.uri() : endpoint;
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(e.path())).timeout(Duration.ofSeconds(30));
            e.headers().forEach(request::header);
            request.method(e.method(), e.body().isEmpty() && !e.method().equals("POST")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(e.body()));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(e.name() + " -> " + response.statusCode() + " " + response.body().strip());
            String why = mismatch(e, response);
            if (why != null) {
                problems.add(e.name() + ": " + why + "\n    answered " + response.statusCode() + " " + response.headers().map()
                        + "\n    " + response.body().replace("\n", "\\n"));
            }
        }
        assertThat(problems).as("examples of docs/endpoint-contract.md that the endpoint does not answer as shown").isEmpty();
    }

    private static String mismatch(Example e, HttpResponse<String> r) throws Exception {
        if (r.statusCode() != e.status()) {
            return "status " + r.statusCode() + ", documented " + e.status();
        }
        for (Map.Entry<String, String> h : e.responseHeaders().entrySet()) {
            String actual = r.headers().firstValue(h.getKey()).orElse(null);
            if (actual == null || !wildcard(h.getValue()).matcher(actual).matches()) {
                return "header " + h.getKey() + " is " + actual + ", documented " + h.getValue();
            }
        }
        String expected = e.responseBody();
        String actual = r.body();
        String type = e.responseHeaders().getOrDefault("Content-Type", "");
        if (e.status() == 200 && type.startsWith("application/json")) {
            return sameShape(JSON.readTree(expected), JSON.readTree(actual)) ? null : "JSON of another shape";
        }
        if (e.status() == 200 && type.startsWith("text/csv")) {
            return sameCsvShape(expected.strip(), actual.strip()) ? null : "CSV of another shape";
        }
        return wildcard(expected.strip()).matcher(actual.strip()).matches() ? null : "another body";
    }

    /** CSV of the same shape: as many lines, each with as many fields, every documented number a number. */
    private static boolean sameCsvShape(String expected, String actual) {
        String[] a = expected.split("\n");
        String[] b = actual.split("\n");
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            String[] x = a[i].split(",", -1);
            String[] y = b[i].split(",", -1);
            if (x.length != y.length) {
                return false;
            }
            for (int j = 0; j < x.length; j++) {
                boolean number = NUMBER.matcher(x[j].strip()).matches();
                if (number ? !NUMBER.matcher(y[j].strip()).matches() : !x[j].equals(y[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** JSON of the same shape: the same keys and array lengths, numbers anywhere a number is documented. */
    private static boolean sameShape(JsonNode expected, JsonNode actual) {
        if (expected.isNumber()) {
            return actual.isNumber();
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!sameShape(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isObject()) {
            if (!actual.isObject() || actual.size() != expected.size()) {
                return false;
            }
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!actual.has(name) || !sameShape(expected.get(name), actual.get(name))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }

    private static Pattern wildcard(String documented) {
        StringBuilder regex = new StringBuilder();
        for (String part : documented.split("…", -1)) {
            if (regex.length() > 0) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The examples of a page, in order. */
    static List<Example> examples(Path page) {
        List<Snippets.Block> blocks = Snippets.blocks(page);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Snippets.Block block = blocks.get(i);
            Matcher m = block.marker() == null ? null : EXAMPLE.matcher(block.marker().trim());
            if (m == null || !m.matches()) {
                continue;
            }
            if (i + 1 >= blocks.size()) {
                throw new IllegalStateException(block.where() + ": example " + m.group(1) + " has no response block");
            }
            Message request = Message.parse(block.text());
            Message response = Message.parse(blocks.get(i + 1).text());
            String[] line = request.startLine().split(" ");
            String[] status = response.startLine().split(" ");
            String body = request.body();
            Matcher generated = GENERATED.matcher(body.strip());
            if (generated.matches()) {
                body = csvOfSize(Integer.parseInt(generated.group(1)));
            }
            out.add(new Example(m.group(1), m.group(2) != null, line[0], line[1], request.headers(), body, Integer.parseInt(status[1]),
                    response.headers(), response.body()));
        }
        return out;
    }

    private static String csvOfSize(int bytes) {
        String row = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15\n";
        StringBuilder sb = new StringBuilder(bytes + row.length());
        while (sb.length() + row.length() <= bytes) {
            sb.append(row);
        }
        while (sb.length() < bytes) {
            sb.append('\n');
        }
        return sb.toString();
    }

    /** An HTTP message as the page writes it. */
    record Message(String startLine, Map<String, String> headers, String body) {
        static Message parse(String text) {
            String[] lines = text.split("\n", -1);
            Map<String, String> headers = new LinkedHashMap<>();
            int i = 1;
            for (; i < lines.length && !lines[i].isEmpty(); i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.length; i++) {
                body.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
            }
            return new Message(lines[0].trim(), headers, body.toString());
        }
    }
}
