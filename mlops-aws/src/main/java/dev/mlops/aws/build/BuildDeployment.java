package dev.mlops.aws.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.aws.cfn.EndpointStack;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ListModelPackagesResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

/**
 * The deploy build's main, as the original's {@code build.py}: picks the model version to deploy (the group's newest
 * approved version, or the one the deploy pipeline's {@code ModelPackageArn} variable names, which must be an
 * approved version of the group), then writes the endpoint stack's template ({@code template-export.yml}) and each
 * environment's CloudFormation template configuration ({@code staging-config-export.json},
 * {@code prod-config-export.json}) from the repository's {@code <environment>-config.json}, and the chosen ARN to
 * {@code model-package-arn.txt} for the build spec to export as the variable {@code ModelPackageArn}.
 */
public final class BuildDeployment {
    static final String USAGE = String.join("\n",
            "usage: java -cp 'sdk/*' dev.mlops.aws.build.BuildDeployment [options]",
            "  --repository DIR                  the checked-out model-deploy repository (default: .)",
            "  --model-execution-role ARN        the role the model runs as     (default: $MODEL_EXECUTION_ROLE_ARN)",
            "  --model-package-group-name NAME   the group to deploy from  (default: $SOURCE_MODEL_PACKAGE_GROUP_NAME)",
            "  --model-package-arn ARN           the version to deploy, or latest-approved (default: $MODEL_PACKAGE_ARN)",
            "  --project-name NAME               (default: $SAGEMAKER_PROJECT_NAME)",
            "  --project-id ID                   (default: $SAGEMAKER_PROJECT_ID)",
            "  --export-template FILE            (default: $EXPORT_TEMPLATE_NAME, else template-export.yml)",
            "  --export-config ENV=FILE          repeatable (default: every $EXPORT_TEMPLATE_<ENV>_CONFIG)",
            "  --region REGION                   (default: $AWS_REGION)");
    /** The value of the deploy pipeline's variable that asks for the newest approved version. */
    static final String LATEST_APPROVED = "latest-approved";
    /** The file the chosen version's ARN is written to. */
    static final String ARN_FILE = "model-package-arn.txt";
    static final Set<String> OPTIONS = Set.of("repository", "model-execution-role", "model-package-group-name",
            "model-package-arn", "project-name", "project-id", "export-template", "export-config", "region");
    private static final Pattern EXPORT_VARIABLE = Pattern.compile("EXPORT_TEMPLATE_([A-Z0-9_]+)_CONFIG");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BuildDeployment() {
    }

    /**
     * Runs the deploy build.
     *
     * @param args the options, see the usage
     */
    public static void main(String[] args) {
        System.exit(BuildMain.exitCode("BuildDeployment", USAGE, System.err, () -> {
            BuildArgs a = BuildArgs.parse(args, OPTIONS, System.getenv());
            try (BuildClients clients = BuildClients.forRegion(a.required("region", "AWS_REGION"))) {
                return run(a, clients, System.out);
            }
        }));
    }

    static int run(BuildArgs a, BuildClients clients, PrintStream log) throws Exception {
        Path repository = Path.of(a.optional("repository", null).orElse("."));
        String role = a.required("model-execution-role", "MODEL_EXECUTION_ROLE_ARN");
        String group = a.required("model-package-group-name", "SOURCE_MODEL_PACKAGE_GROUP_NAME");
        String projectName = a.required("project-name", "SAGEMAKER_PROJECT_NAME");
        String projectId = a.required("project-id", "SAGEMAKER_PROJECT_ID");
        String templateFile = a.optional("export-template", "EXPORT_TEMPLATE_NAME").orElse("template-export.yml");
        Map<String, String> exports = exports(a);
        String requested = a.optional("model-package-arn", "MODEL_PACKAGE_ARN").orElse(LATEST_APPROVED);

        String arn = LATEST_APPROVED.equals(requested) ? latestApproved(clients, group) : approved(clients, group, requested);
        log.println("deploying " + arn);

        List<EndpointStack> stacks = new ArrayList<>();
        for (Map.Entry<String, String> e : exports.entrySet()) {
            String configFile = sourceConfig(e.getValue());
            Path source = repository.resolve(configFile);
            if (!Files.isRegularFile(source)) {
                throw new MlopsClientException("The model-deploy repository has no " + configFile + " for environment "
                        + e.getKey() + " (exported as " + e.getValue() + ")", null, Map.of("file", configFile));
            }
            stacks.add(EndpointStack.of(projectName, e.getKey(), configFile, Files.readAllBytes(source)));
        }
        // One template for every environment: each configuration sets all of its parameters.
        write(repository.resolve(templateFile), stacks.get(0).templateJson());
        log.println("wrote " + templateFile);
        for (EndpointStack s : stacks) {
            String out = exports.get(s.environment());
            write(repository.resolve(out), JSON.writeValueAsString(s.exportedConfiguration(projectId, arn, role)) + "\n");
            log.println("wrote " + out + " for endpoint " + s.endpointName());
        }
        write(repository.resolve(ARN_FILE), arn + "\n");
        return 0;
    }

    /** Environment to exported file, from the options or else the build project's variables. */
    private static Map<String, String> exports(BuildArgs a) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : a.all("export-config")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new UsageException("--export-config", pair, "ENV=FILE, e.g. staging=staging-config-export.json");
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (out.isEmpty()) {
            for (Map.Entry<String, String> e : new TreeMap<>(a.env()).entrySet()) {
                Matcher m = EXPORT_VARIABLE.matcher(e.getKey());
                if (m.matches() && !e.getValue().isBlank()) {
                    String file = e.getValue();
                    String fromFile = file.endsWith("-config-export.json")
                            ? file.substring(0, file.length() - "-config-export.json".length()) : null;
                    out.put(fromFile != null ? fromFile : m.group(1).toLowerCase(java.util.Locale.ROOT), file);
                }
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--export-config", null,
                    "given at least once, or an EXPORT_TEMPLATE_<ENV>_CONFIG environment variable set");
        }
        for (String file : out.values()) {
            if (!file.matches("[A-Za-z0-9._-]+-export\\.json")) {
                throw new UsageException("--export-config", file,
                        "a plain file name ending in -export.json, exported from the repository's <name>.json");
            }
        }
        return out;
    }

    /** {@code staging-config-export.json} was exported from {@code staging-config.json}; see DeployStages. */
    private static String sourceConfig(String exported) {
        return exported.substring(0, exported.length() - "-export.json".length()) + ".json";
    }

    /** The newest approved version of the group, as the original's {@code get_approved_package}. */
    static String latestApproved(BuildClients clients, String group) {
        String token = null;
        do {
            String t = token;
            ListModelPackagesResponse page = clients.sageMaker().listModelPackages(r -> r.modelPackageGroupName(group)
                    .modelApprovalStatus(ModelApprovalStatus.APPROVED).sortBy("CreationTime").sortOrder(SortOrder.DESCENDING)
                    .maxResults(100).nextToken(t));
            List<ModelPackageSummary> found = page.modelPackageSummaryList();
            if (!found.isEmpty()) {
                return found.get(0).modelPackageArn();
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        throw new NotFoundException("approved model package", group, "no approved ModelPackage found for"
                + " ModelPackageGroup " + group + "; approve a version of the group first");
    }

    /** The version the pipeline variable names, if it is an approved version of the group. */
    private static String approved(BuildClients clients, String group, String arn) {
        if (!arn.matches("arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:model-package/[A-Za-z0-9][A-Za-z0-9/-]*")) {
            throw new UsageException("--model-package-arn", arn, "a model package ARN or " + LATEST_APPROVED);
        }
        DescribeModelPackageResponse d = clients.sageMaker().describeModelPackage(r -> r.modelPackageName(arn));
        if (!group.equals(d.modelPackageGroupName())) {
            throw new MlopsClientException("Model package " + arn + " belongs to group " + d.modelPackageGroupName()
                    + ", not to " + group + " that this project deploys from", null, Map.of("modelPackageArn", arn));
        }
        if (d.modelApprovalStatus() != ModelApprovalStatus.APPROVED) {
            // Deploying a version nobody approved would bypass the registry's gate.
            throw new MlopsClientException("Model package " + arn + " is " + d.modelApprovalStatusAsString()
                    + ", not Approved: only approved versions are deployed", null, Map.of("modelPackageArn", arn));
        }
        return arn;
    }

    private static void write(Path p, String text) throws java.io.IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }
}
