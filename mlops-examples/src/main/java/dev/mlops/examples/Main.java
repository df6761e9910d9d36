package dev.mlops.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The examples' command line.
 *
 * <pre>
 * java -jar mlops-examples.jar quickstart [--project abalone] [--home DIR]
 * java -jar mlops-examples.jar serve --project abalone --port 8080 [--environment prod] [--home DIR]
 * java -jar mlops-examples.jar delete --project abalone [--home DIR]
 * java -jar mlops-examples.jar monitor [--home DIR]
 * </pre>
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs a command.
     *
     * @param args the command and its options
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "quickstart" : args[0];
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        String project = opts.getOrDefault("project", "abalone");
        Path home = opts.containsKey("home") ? Path.of(opts.get("home")) : null;
        switch (command) {
            case "quickstart":
                Quickstart.run(project, home, System.out);
                exitNow();
                break;
            case "serve":
                if (!opts.containsKey("port")) {
                    usage("serve needs --port");
                }
                Serve.run(project, opts.getOrDefault("environment", "prod"), Integer.parseInt(opts.get("port")), home, System.out);
                break;
            case "delete":
                try (dev.mlops.local.LocalBackend backend = home == null ? dev.mlops.local.LocalBackend.create()
                        : dev.mlops.local.LocalBackend.builder().home(home).build()) {
                    dev.mlops.MlopsProjects.open(project, backend).delete();
                    System.out.println("Deleted project " + project + " and everything it made under " + backend.home());
                }
                exitNow();
                break;
            case "monitor":
                MonitorExample.main(home == null ? new String[0] : new String[] {home.toString()});
                break;
            default:
                usage("unknown command '" + command + "'");
        }
    }

    /**
     * Exits once a command has closed everything it opened. Without this the JVM would wait out Netty's global
     * event executor: a non-daemon thread that closing an endpoint's event loops starts, and that lingers for a
     * second of quiet before it ends (0.4 to 0.7 s of the quickstart's wall time).
     */
    private static void exitNow() {
        System.out.flush();
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar mlops-examples.jar quickstart [--project NAME] [--home DIR]");
        System.err.println("       java -jar mlops-examples.jar serve --project NAME --port PORT [--environment prod] [--home DIR]");
        System.err.println("       java -jar mlops-examples.jar delete --project NAME [--home DIR]");
        System.err.println("       java -jar mlops-examples.jar monitor [--home DIR]");
        System.exit(2);
    }
}
