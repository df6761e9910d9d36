package dev.mlops.examples;

import dev.mlops.MlopsProjects;
import dev.mlops.local.LocalBackend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples' command line.
 *
 * <pre>
 * java -jar mlops-examples.jar quickstart [--project NAME] [--home DIR]
 * java -jar mlops-examples.jar serve [--project NAME] --port PORT [--environment NAME] [--home DIR]
 * java -jar mlops-examples.jar delete [--project NAME] [--home DIR]
 * java -jar mlops-examples.jar monitor [--home DIR]
 * java -jar mlops-examples.jar render --template ID [--project NAME] --out DIR
 * java -jar mlops-examples.jar --help | -h | help [COMMAND]
 * java -jar mlops-examples.jar COMMAND --help
 * </pre>
 *
 * <p>With no arguments it prints the usage to stderr and exits with 2, as it does for an unknown command or
 * option; help goes to stdout with exit code 0. Arguments are parsed by hand: the examples need five commands
 * and a handful of options.
 */
public final class Main {
    /** How the usage names the program. */
    static final String PROGRAM = "java -jar mlops-examples.jar";

    /** The exit code of a command that ran, or of help. */
    static final int OK = 0;

    /** The exit code of a command that failed with an exception. */
    static final int FAILED = 1;

    /** The exit code of a usage error: no command, an unknown command or option, a missing or bad value. */
    static final int USAGE = 2;

    /** An option: {@code --name VALUE}, also written {@code --name=VALUE}. */
    private record Option(String name, String value, String help) {
        String synopsis() {
            return "--" + name + " " + value;
        }
    }

    private static final Option PROJECT = new Option("project", "NAME", "the project (default: abalone)");
    private static final Option HOME = new Option("home", "DIR",
            "the embedded backend's home (default: -Dmlops.home, else $MLOPS_HOME, else ~/.mlops)");
    private static final Option PORT = new Option("port", "PORT", "the port on 127.0.0.1 to serve on (required)");
    private static final Option ENVIRONMENT = new Option("environment", "NAME", "the environment to serve (default: prod)");
    private static final Option TEMPLATE = new Option("template", "ID",
            "the template's id (see 'help render' for the seven)");
    private static final Option OUT = new Option("out", "DIR", "the folder to write the templates to (created if needed)");
    private static final Option MONITOR_HOME = new Option("home", "DIR",
            "the embedded backend's home (default: a new temporary directory)");

    /** A command: its name, what it does, its options, and which of them it cannot do without. */
    private record Command(String name, String summary, String description, List<Option> options, List<Option> required) {
        Option option(String optionName) {
            return options.stream().filter(o -> o.name().equals(optionName)).findFirst().orElse(null);
        }

        String synopsis() {
            StringBuilder b = new StringBuilder(PROGRAM).append(' ').append(name);
            for (Option o : options) {
                b.append(' ').append(required.contains(o) ? o.synopsis() : "[" + o.synopsis() + "]");
            }
            return b.toString();
        }

        String usage() {
            StringBuilder b = new StringBuilder("usage: ").append(synopsis()).append("\n\n").append(description).append("\n\nOptions:\n");
            for (Option o : options) {
                b.append(String.format("  %-20s %s\n", o.synopsis(), o.help()));
            }
            b.append(String.format("  %-20s %s\n", "-h, --help", "print this help and exit"));
            return b.toString();
        }
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("quickstart", "build, train, approve and deploy a model through staging to prod",
                    "Creates the project from the \"model building, training, and deployment\" template (or reattaches\n"
                            + "to it), lets its build pipeline train and register a model, approves the version, waits for\n"
                            + "staging and its endpoint tests, approves the manual gate, waits for prod, sends rows to prod\n"
                            + "and prints a summary with timings. Run it again to deploy a new version the same way.",
                    List.of(PROJECT, HOME), List.of()),
            new Command("serve", "serve a project's endpoint on 127.0.0.1:PORT until Ctrl-C",
                    "Serves the endpoint of an environment of an existing project on 127.0.0.1:PORT until the process\n"
                            + "is stopped (Ctrl-C). The process leads the project meanwhile, so it also runs its pipelines.",
                    List.of(PROJECT, PORT, ENVIRONMENT, HOME), List.of(PORT)),
            new Command("delete", "delete a project and everything it made",
                    "Deletes the project and everything it made under the home directory: endpoints, repositories,\n"
                            + "registry entries, artifacts and state.",
                    List.of(PROJECT, HOME), List.of()),
            new Command("monitor", "run the Model Monitor example end to end",
                    "Runs Model Monitor end to end on the project abalone: deploys a model with its monitors, sends\n"
                            + "normal and then shifted traffic with ground truth, runs the data quality, model quality, bias\n"
                            + "drift and feature-attribution drift schedules and prints what each run found.",
                    List.of(MONITOR_HOME), List.of()),
            new Command("render", "write the CloudFormation templates a project would deploy on AWS",
                    "Renders a SageMaker-provided template to the CloudFormation a project of that name would deploy\n"
                            + "on AWS, with the originals' resources and names, and writes it to a folder: the project\n"
                            + "stack NAME-project.json and one endpoint stack NAME-deploy-ENVIRONMENT.json per environment.\n"
                            + "It also prints where the project stack expects each repository's seed archive. Offline: no\n"
                            + "AWS account or credentials. This release renders model-building-training, model-deployment\n"
                            + "and model-building-training-deployment; the others fail naming what comes next (exit 1).\n\n"
                            + "Templates (--template):\n  " + String.join("\n  ", Render.templateIds()),
                    List.of(TEMPLATE, PROJECT, OUT), List.of(TEMPLATE, OUT)));

    private Main() {
    }

    /**
     * Runs a command and exits with its code: 0 once it is done (or after help), 1 if it failed, 2 on a usage
     * error. Exiting, rather than returning, matters once a command has closed everything it opened: without it
     * the JVM would wait out Netty's global event executor, a non-daemon thread that closing an endpoint's event
     * loops starts and that lingers for a second of quiet before it ends (0.4 to 0.7 s of the quickstart's wall
     * time).
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (Exception e) {
            e.printStackTrace();
            code = FAILED;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * Parses the arguments and runs the command they name. It does nothing else, and touches no home directory,
     * unless the arguments are a valid command: with no arguments, an unknown command or option, or a missing
     * or bad value it prints the problem and the usage to {@code err} and returns {@link #USAGE}; asked for help
     * ({@code --help}, {@code -h}, {@code help [COMMAND]}, {@code COMMAND --help}) it prints the usage to
     * {@code out} and returns {@link #OK}. The {@code monitor} command prints to {@link System#out}. The
     * {@code render} command prints why to {@code err} and returns {@link #FAILED} for a template this release
     * cannot render.
     *
     * @param args the command and its options
     * @param out where a command and help print
     * @param err where usage errors print
     * @return the exit code: 0 after a command ran or after help, 1 when render refuses, 2 on a usage error
     * @throws Exception if the command fails
     */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            return usageError(err, "no command given", null);
        }
        String first = args[0];
        if (isHelp(first)) {
            out.print(usage());
            return OK;
        }
        if (first.equals("help")) {
            if (args.length == 1) {
                out.print(usage());
                return OK;
            }
            Command command = command(args[1]);
            if (command == null) {
                return usageError(err, "unknown command '" + args[1] + "'", null);
            }
            if (args.length > 2) {
                return usageError(err, "unexpected argument '" + args[2] + "'", null);
            }
            out.print(command.usage());
            return OK;
        }
        Command command = command(first);
        if (command == null) {
            if (!first.startsWith("-")) {
                return usageError(err, "unknown command '" + first + "'", null);
            }
            boolean known = COMMANDS.stream().anyMatch(c -> first.startsWith("--") && c.option(optionName(first)) != null);
            return usageError(err, known ? "the command comes first, before '" + first + "'" : "unknown option '" + first + "'", null);
        }
        for (int i = 1; i < args.length; i++) {
            if (isHelp(args[i])) {
                out.print(command.usage());
                return OK;
            }
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return usageError(err, "unexpected argument '" + arg + "'", command);
            }
            Option option = arg.startsWith("--") ? command.option(optionName(arg)) : null;
            if (option == null) {
                return usageError(err, "unknown option '" + (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)
                        + "' for " + command.name(), command);
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "";
            }
            if (value.isEmpty()) {
                return usageError(err, "option --" + option.name() + " needs a value (" + option.value() + ")", command);
            }
            opts.put(option.name(), value);
        }
        for (Option option : command.required()) {
            if (!opts.containsKey(option.name())) {
                return usageError(err, command.name() + " needs --" + option.name() + " " + option.value(), command);
            }
        }
        String project = opts.getOrDefault(PROJECT.name(), "abalone");
        Path home = opts.containsKey(HOME.name()) ? Path.of(opts.get(HOME.name())) : null;
        switch (command.name()) {
            case "quickstart":
                Quickstart.run(project, home, out);
                break;
            case "serve":
                int port = port(opts.get(PORT.name()));
                if (port < 0) {
                    return usageError(err, "--port needs a number from 1 to 65535, not '" + opts.get(PORT.name()) + "'", command);
                }
                Serve.run(project, opts.getOrDefault(ENVIRONMENT.name(), "prod"), port, home, out);
                break;
            case "delete":
                try (LocalBackend backend = home == null ? LocalBackend.create() : LocalBackend.builder().home(home).build()) {
                    MlopsProjects.open(project, backend).delete();
                    out.println("Deleted project " + project + " and everything it made under " + backend.home());
                }
                break;
            case "monitor":
                MonitorExample.main(home == null ? new String[0] : new String[] {home.toString()});
                break;
            case "render":
                dev.mlops.template.Template template = Render.template(opts.get(TEMPLATE.name())).orElse(null);
                if (template == null) {
                    return usageError(err, "unknown template '" + opts.get(TEMPLATE.name()) + "'; --template is one of "
                            + String.join(", ", Render.templateIds()), command);
                }
                try {
                    Render.run(template, project, Path.of(opts.get(OUT.name())), out);
                } catch (dev.mlops.exception.UnsupportedByBackendException e) {
                    err.println("error: " + e.getMessage());
                    return FAILED;
                } catch (dev.mlops.exception.ValidationException e) {
                    return usageError(err, e.getMessage(), command);
                }
                break;
            default:
                throw new IllegalStateException("no code for command " + command.name());
        }
        return OK;
    }

    /**
     * The usage of the whole program: its commands, what each does, and their options.
     *
     * @return the text, ending with a line break
     */
    static String usage() {
        StringBuilder b = new StringBuilder("usage: ").append(PROGRAM).append(" COMMAND [OPTIONS]\n\nCommands:\n");
        for (Command c : COMMANDS) {
            b.append(String.format("  %-12s %s\n", c.name(), c.summary()));
        }
        b.append(String.format("  %-12s %s\n", "help", "print this help, or with a command's name that command's help"));
        b.append("\n");
        for (Command c : COMMANDS) {
            b.append("  ").append(c.synopsis()).append('\n');
        }
        b.append("\nOptions:\n");
        for (Option o : List.of(PROJECT, HOME, PORT, ENVIRONMENT, TEMPLATE, OUT)) {
            String only = COMMANDS.stream().filter(c -> c.options().contains(o)).count() == 1
                    ? COMMANDS.stream().filter(c -> c.options().contains(o)).findFirst().orElseThrow().name() + ": " : "";
            b.append(String.format("  %-20s %s%s\n", o.synopsis(), only, o.help()));
            if (o == HOME) {
                b.append(String.format("  %-20s %s\n", "", "(monitor: a new temporary directory unless --home is given)"));
            }
        }
        b.append(String.format("  %-20s %s\n", "-h, --help", "print help and exit (after a command: that command's help)"));
        b.append("\nRun '").append(PROGRAM).append(" COMMAND --help' for a command's details.\n");
        return b.toString();
    }

    private static int usageError(PrintStream err, String problem, Command command) {
        err.println("error: " + problem);
        err.println();
        err.print(command == null ? usage() : command.usage());
        return USAGE;
    }

    private static Command command(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** The name of {@code --name} or {@code --name=value}. */
    private static String optionName(String arg) {
        int eq = arg.indexOf('=');
        return arg.substring(2, eq < 0 ? arg.length() : eq);
    }

    /** The port, or -1 if the text is not one. */
    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
