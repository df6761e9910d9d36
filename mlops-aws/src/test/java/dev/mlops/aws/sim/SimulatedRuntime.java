package dev.mlops.aws.sim;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.mlops.aws.fixtures.AwsWire;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SageMaker Runtime's {@code InvokeEndpoint} for the simulation. moto answers any endpoint name from a queue of
 * canned results; this answers as a served regression model would: a {@code ValidationError} "not found" for an
 * endpoint that does not exist (in moto), and otherwise one prediction per CSV row, a deterministic function of the
 * row (so the same input gets the same answer), in the abalone rings' range. Nothing is learned: the model's work is
 * not what the AWS backend's tests check, only that the endpoint is reached and answers row by row.
 */
final class SimulatedRuntime implements ResponseDefinitionTransformerV2 {
    private static final Pattern PATH = Pattern.compile("/endpoints/([^/]+)/invocations");
    private final Predicate<String> exists;

    SimulatedRuntime(Predicate<String> exists) {
        this.exists = exists;
    }

    @Override
    public String getName() {
        return "simulated-sagemaker-runtime";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Matcher m = PATH.matcher(event.getRequest().getUrl());
        if (!m.matches()) {
            return event.getResponseDefinition();
        }
        String endpoint = m.group(1);
        if (!exists.test(endpoint)) {
            return AwsWire.awsJsonError("sagemaker-runtime", 400, "ValidationError", "Endpoint " + endpoint
                    + " of account " + StackTemplate.ACCOUNT + " not found.").build();
        }
        StringBuilder out = new StringBuilder();
        for (String row : event.getRequest().getBodyAsString().split("\r?\n")) {
            if (row.isBlank()) {
                continue;
            }
            double sum = 0;
            for (String field : row.split(",")) {
                try {
                    sum += Double.parseDouble(field.trim());
                } catch (NumberFormatException e) {
                    sum += field.trim().toUpperCase(Locale.ROOT).hashCode() % 3;
                }
            }
            double rings = 1 + Math.abs(sum * 7.3) % 29;
            out.append(out.length() == 0 ? "" : "\n").append(String.format(Locale.ROOT, "%.4f", rings));
        }
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                .withHeader("Content-Type", "text/csv").withHeader("x-Amzn-Invoked-Production-Variant", "AllTraffic")
                .withBody(out.toString().getBytes(StandardCharsets.UTF_8)).build();
    }
}
