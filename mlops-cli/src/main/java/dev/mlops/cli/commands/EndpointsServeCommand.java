package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Environment;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.support.InvocationProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops endpoints serve}: an environment's endpoint on a fixed port until Ctrl-C. */
@Command(name = "serve", header = "Serve an environment's endpoint on a port of 127.0.0.1 until Ctrl-C.",
        description = {"Listens on 127.0.0.1:PORT (or --bind ADDRESS) with the SageMaker container contract"
                + " (POST /invocations, GET /ping) and passes each request to the environment's endpoint, so any HTTP"
                + " client or load generator can be pointed at a fixed address. It follows redeployments. On the"
                + " embedded backend the process also runs the project's pipelines meanwhile. Port 0 picks a free port.",
            "JSON: {environment, endpointName, url}, printed once it listens."},
        footerHeading = "%nExamples:%n", footer = {"  mlops endpoints serve prod -p abalone --port 8080",
            "  curl -s -H 'Content-Type: text/csv' --data 'M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'"
                    + " http://127.0.0.1:8080/invocations"})
public final class EndpointsServeCommand extends ProjectCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ENVIRONMENT", defaultValue = "prod",
            description = "The environment (default: ${DEFAULT-VALUE}).")
    String environment;

    @Option(names = "--port", paramLabel = "PORT", required = true, description = "The port, 0 to 65535 (0: a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}). Anything but a loopback address"
                    + " exposes the endpoint to the network, without authentication.")
    String bind;

    /** Creates the command (picocli does). */
    public EndpointsServeCommand() {
    }

    @Override
    protected int run() throws IOException {
        if (port < 0 || port > 65535) {
            throw usage("--port must be from 0 to 65535, not " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
            throw usage("--bind " + bind + " is not an address of this host");
        }
        Environment env = open().environments().named(environment);
        InvocationProxy proxy = closeLater(InvocationProxy.start(env, new InetSocketAddress(address, port)));
        if (!address.isLoopbackAddress()) {
            output().note("Warning: %s is reachable from the network at %s, without authentication.", env.endpointName(),
                    proxy.url());
        }
        ObjectNode json = Json.object().put("environment", env.name()).put("endpointName", env.endpointName())
                .put("url", proxy.url().toString());
        output().result(json, out -> {
            out.printf("Serving %s at %s/invocations; Ctrl-C to stop%n", env.endpointName(), proxy.url());
            out.printf("  curl -s -H 'Content-Type: text/csv' --data 'M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15'"
                    + " %s/invocations%n", proxy.url());
        });
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // Ctrl-C (or the caller) stops serving: the normal end of this command.
            output().note("Stopped serving %s.", env.endpointName());
        }
        return ExitCodes.OK;
    }
}
