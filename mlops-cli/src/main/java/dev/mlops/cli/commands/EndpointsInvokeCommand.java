package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Endpoint;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops endpoints invoke}: sends a request to an endpoint and prints the answer. */
@Command(name = "invoke", header = "Send rows to an endpoint and print its answer.",
        description = {"Sends the body (from --data, --file, or standard input when neither is given) to the"
                + " environment's endpoint and prints the response body. CSV: one row per line, no header, one"
                + " prediction per line back. A body the endpoint refuses exits 3 with its reason.",
            "JSON: {environment, endpoint, contentType, accept, response} (the response body as text)."},
        footerHeading = "%nExamples:%n", footer = {
            "  mlops endpoints invoke prod -p abalone --data 'M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'",
            "  head -5 rows.csv | mlops endpoints invoke staging",
            "  mlops endpoints invoke prod --content-type application/json --accept application/json --file rows.json"})
public final class EndpointsInvokeCommand extends ProjectCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ENVIRONMENT", defaultValue = "prod",
            description = "The environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @ArgGroup(exclusive = true)
    Body body;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "text/csv",
            description = "The body's type: text/csv or application/json (default: ${DEFAULT-VALUE}).")
    String contentType;

    @Option(names = "--accept", paramLabel = "TYPE",
            description = "The response type wanted (default: the content type).")
    String accept;

    @Option(names = "--inference-id", paramLabel = "ID",
            description = "An inference id (1 to 64 printable ASCII characters): data capture records it, and ground"
                    + " truth uploaded for it joins this inference in model-quality monitoring.")
    String inferenceId;

    /** Creates the command (picocli does). */
    public EndpointsInvokeCommand() {
    }

    /** Where the body comes from: standard input when neither is given. */
    static final class Body {
        @Option(names = {"-d", "--data"}, paramLabel = "TEXT", description = "The body itself.")
        String data;

        @Option(names = "--file", paramLabel = "FILE", description = "A file holding the body.")
        Path file;
    }

    @Override
    protected int run() throws IOException {
        String request = readBody();
        String acceptType = accept == null ? contentType : accept;
        Endpoint endpoint = open().environments().named(environment).endpoint();
        String response = inferenceId == null ? endpoint.invoke(contentType, acceptType, request)
                : endpoint.invoke(contentType, acceptType, request, inferenceId);
        ObjectNode json = Json.object().put("environment", environment).put("endpoint", endpoint.name())
                .put("contentType", contentType).put("accept", acceptType).put("response", response);
        output().result(json, out -> {
            out.print(response);
            if (!response.endsWith("\n")) {
                out.println();
            }
        });
        return ExitCodes.OK;
    }

    private String readBody() throws IOException {
        if (body != null && body.data != null) {
            return body.data;
        }
        if (body != null && body.file != null) {
            try {
                return Files.readString(body.file, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                throw usage("--file " + body.file + " does not exist");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --file " + body.file, e);
            }
        }
        if (context().interactive()) {
            output().note("Reading the body from standard input; end it with Ctrl-D.");
        }
        String text = new String(context().in().readAllBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw usage("no body: give --data TEXT, --file FILE, or pipe it to standard input");
        }
        return text;
    }
}
