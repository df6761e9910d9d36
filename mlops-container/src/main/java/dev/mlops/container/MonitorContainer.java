package dev.mlops.container;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitorJobResult;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.Statistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors' entry point in the SDK's container image: what a SageMaker processing job started by a Model
 * Monitor schedule (or a Clarify job, or an EventBridge Scheduler rule where Model Monitor is closed) runs.
 *
 * <ul>
 *   <li>With {@code /opt/ml/processing/input/config/analysis_config.json} present it follows Clarify's contract:
 *       bias ({@code pre_training_bias}/{@code post_training_bias}) or explainability ({@code shap}), writing
 *       {@code analysis.json} (and, for a monitoring execution, {@code constraint_violations.json}).</li>
 *   <li>Otherwise it follows Model Monitor's bring-your-own-container contract: {@code analysis_type}
 *       {@code DATA_QUALITY} (default) or {@code MODEL_QUALITY}, the data at {@code dataset_source} in the form of
 *       {@code dataset_format}, the baseline at {@code baseline_statistics}/{@code baseline_constraints}, the window
 *       {@code start_time}–{@code end_time}, the report ({@code statistics.json}, {@code constraints.json},
 *       {@code constraint_violations.json}) to {@code output_path}, and, with {@code publish_cloudwatch_metrics}
 *       {@code Enabled}, the metrics file under {@code /opt/ml/output/metrics/cloudwatch/}. Without a baseline or an
 *       endpoint it is the managed analyzer's baselining job: {@code statistics.json} and the suggested
 *       {@code constraints.json}.</li>
 * </ul>
 *
 * <p>The outputs are the embedded monitors' ({@link MonitorJob}), byte for byte. The exit message, the first KB of
 * which SageMaker shows as the job's {@code ExitMessage}, goes to {@code /opt/ml/output/message}:
 * {@code Completed: …} or {@code CompletedWithViolations: … N violations.} with exit code {@value #OK};
 * {@code Failed: <reason>} when there was nothing to analyse ({@value #ANALYSIS_FAILED}); {@code ClientError: <what
 * is wrong, naming the variable or field>} for a bad configuration or input ({@value #CLIENT_ERROR});
 * {@code AlgorithmError: …} for anything else ({@value #INTERNAL_ERROR}). The root {@code /opt/ml} moves with the
 * system property {@code mlops.container.root} or the variable {@code MLOPS_CONTAINER_ROOT}.
 */
public final class MonitorContainer {
    /** Exit code: the job completed, with or without violations. */
    public static final int OK = 0;
    /** Exit code: the job ran but had nothing to analyse (e.g. no captured record with ground truth). */
    public static final int ANALYSIS_FAILED = 1;
    /** Exit code: the configuration or an input is invalid; the message names it. */
    public static final int CLIENT_ERROR = 2;
    /** Exit code: an unexpected error in the container. */
    public static final int INTERNAL_ERROR = 3;
    private static final Logger LOG = LoggerFactory.getLogger(MonitorContainer.class);
    private static final int MESSAGE_LIMIT = 1024;

    private MonitorContainer() {
    }

    /** The argument SageMaker hosting starts a model's container with. */
    public static final String SERVE = "serve";

    /**
     * The image's entry point. With the argument {@value #SERVE}, as SageMaker hosting starts a container of a model,
     * it serves the preprocessor under {@code /opt/ml/model} ({@link PreprocessorServer}) until the process is
     * stopped; otherwise it runs the monitoring job the environment describes and exits with its code.
     *
     * @param args {@value #SERVE}, or anything else (ignored, as processing jobs configure the container through the
     *     environment and {@code /opt/ml})
     */
    public static void main(String[] args) {
        if (serves(args)) {
            ContainerEnv env = ContainerEnv.fromProcess();
            try {
                PreprocessorServer server = PreprocessorServer.fromContract(System.getenv(), env.root());
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "preprocessor-shutdown"));
            } catch (MlopsClientException e) {
                // The endpoint's creation fails with this in the container's log.
                System.err.println("ClientError: " + e.getMessage());
                System.exit(CLIENT_ERROR);
            }
            return; // the server's non-daemon dispatcher thread keeps the process alive
        }
        System.exit(run(ContainerEnv.fromProcess()));
    }

    /** Whether the arguments ask for serving: SageMaker hosting passes {@value #SERVE} as the first. */
    static boolean serves(String[] args) {
        return args.length > 0 && SERVE.equals(args[0]);
    }

    /**
     * Runs the job an environment describes over a container root, as {@link #main} does over {@code /opt/ml}.
     *
     * @param env the environment variables of the processing job
     * @param root the directory standing for {@code /opt/ml}
     * @return the exit code ({@link #OK}, {@link #ANALYSIS_FAILED}, {@link #CLIENT_ERROR} or
     *     {@link #INTERNAL_ERROR}); the exit message is in {@code root/output/message}
     */
    public static int run(Map<String, String> env, Path root) {
        return run(new ContainerEnv(env, root));
    }

    static int run(ContainerEnv env) {
        int code;
        String message;
        try {
            Path config = env.under(AnalysisConfig.FILE);
            MonitorJobResult result;
            Path output;
            CloudWatchMetrics metrics = null;
            if (Files.isRegularFile(config)) {
                AnalysisConfig analysis = AnalysisConfig.read(config);
                MonitorJob job = ClarifyJobs.job(env, analysis);
                LOG.info("Running {} (Clarify analysis_config.json)", job);
                output = env.path("output_path").orElse(env.under(ClarifyJobs.OUTPUT));
                result = job.run();
                if (result.status() != MonitoringExecutionStatus.Failed && job.kind() == MonitorJob.Kind.MONITOR
                        && analysis.isBias() && env.enabled("publish_cloudwatch_metrics", false)) {
                    metrics = new CloudWatchMetrics(env).bias(result.file("analysis.json"));
                }
            } else {
                MonitoringType type = ModelMonitorJobs.type(env);
                MonitorJob job = type == MonitoringType.DataQuality ? ModelMonitorJobs.dataQuality(env)
                        : ModelMonitorJobs.modelQuality(env);
                output = env.requiredPath("output_path", "the folder the report is written to");
                LOG.info("Running {} (Model Monitor container contract)", job);
                result = job.run();
                if (result.status() != MonitoringExecutionStatus.Failed && job.kind() == MonitorJob.Kind.MONITOR
                        && env.enabled("publish_cloudwatch_metrics", false)) {
                    metrics = metrics(env, type, result);
                }
            }
            if (result.status() == MonitoringExecutionStatus.Failed) {
                code = ANALYSIS_FAILED;
            } else {
                result.writeTo(output);
                if (metrics != null) {
                    metrics.writeTo(env.root());
                }
                code = OK;
                LOG.info("Wrote {} to {}{}", result.fileNames(), output, metrics != null ? " and " + metrics.size()
                        + " CloudWatch metrics" : "");
            }
            message = result.exitMessage();
        } catch (MlopsClientException e) {
            code = CLIENT_ERROR;
            message = "ClientError: " + e.getMessage();
        } catch (RuntimeException | Error e) {
            code = INTERNAL_ERROR;
            message = "AlgorithmError: " + e;
            LOG.error("The monitor container failed", e);
        }
        LOG.info("{}", message);
        writeMessage(env.messageFile(), message);
        return code;
    }

    private static CloudWatchMetrics metrics(ContainerEnv env, MonitoringType type, MonitorJobResult result) {
        CloudWatchMetrics metrics = new CloudWatchMetrics(env);
        if (type == MonitoringType.DataQuality) {
            @SuppressWarnings("unchecked")
            MonitoringReport<Statistics> report = result.report(MonitoringReport.class).orElseThrow();
            Baseline baseline = new Baseline(Statistics.read(env.existingFile("baseline_statistics").orElseThrow()),
                    dev.mlops.monitor.dataquality.Constraints.read(env.existingFile("baseline_constraints")
                            .orElseThrow()));
            if (baseline.constraints().monitoringConfig().emitMetrics()) {
                metrics.dataQuality(baseline, report.statistics());
            }
        } else {
            metrics.modelQuality(result.file("statistics.json"));
        }
        return metrics;
    }

    /** The first KB of the message, cut on a character boundary (SageMaker refuses a file that is not UTF-8). */
    private static void writeMessage(Path file, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MESSAGE_LIMIT) {
            int end = MESSAGE_LIMIT;
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--;
            }
            bytes = java.util.Arrays.copyOf(bytes, end);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            LOG.warn("Cannot write the exit message to {}: {}", file, e.toString());
        }
    }
}
