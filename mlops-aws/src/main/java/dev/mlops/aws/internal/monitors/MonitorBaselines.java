package dev.mlops.aws.internal.monitors;

import dev.mlops.aws.cfn.internal.MonitorKind;
import dev.mlops.aws.cfn.internal.MonitorStackRenderer;
import dev.mlops.exception.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DriftCheckBaselines;
import software.amazon.awssdk.services.sagemaker.model.FileSource;
import software.amazon.awssdk.services.sagemaker.model.MetricsSource;
import software.amazon.awssdk.services.sagemaker.model.ModelMetrics;

/**
 * The baselines of a registered model version, from its lineage in the registry: the S3 URIs its registration
 * recorded in {@code DriftCheckBaselines} (what SageMaker Pipelines' {@code RegisterModel} writes for drift checks)
 * or, failing that, in {@code ModelMetrics}, as the monitor stack's parameters name them
 * ({@code DataQualityStatisticsS3Uri}, …). A seed configuration may override each with a key of the same name.
 *
 * @param modelPackage the model package's ARN
 * @param uris parameter name to S3 URI, for the baselines the package has
 */
public record MonitorBaselines(String modelPackage, Map<String, String> uris) {
    /** Copies the map. */
    public MonitorBaselines {
        uris = Map.copyOf(uris);
    }

    /** Where each parameter comes from, in the order looked at, for the error that names a missing one. */
    static final Map<String, String> SOURCES = Map.of(
            "DataQualityStatisticsS3Uri", "DriftCheckBaselines.ModelDataQuality.Statistics or ModelMetrics.ModelDataQuality.Statistics",
            "DataQualityConstraintsS3Uri", "DriftCheckBaselines.ModelDataQuality.Constraints or ModelMetrics.ModelDataQuality.Constraints",
            "ModelQualityConstraintsS3Uri", "DriftCheckBaselines.ModelQuality.Constraints or ModelMetrics.ModelQuality.Constraints",
            "ModelBiasConfigS3Uri", "DriftCheckBaselines.Bias.ConfigFile",
            "ModelBiasConstraintsS3Uri", "DriftCheckBaselines.Bias.PostTrainingConstraints or ModelMetrics.Bias.PostTrainingReport",
            "ModelExplainabilityConfigS3Uri", "DriftCheckBaselines.Explainability.ConfigFile",
            "ModelExplainabilityConstraintsS3Uri", "DriftCheckBaselines.Explainability.Constraints or ModelMetrics.Explainability.Report");

    /**
     * Reads the baselines a model package records.
     *
     * @param p the package, as {@code DescribeModelPackage} returns it
     * @return its baselines
     */
    public static MonitorBaselines of(DescribeModelPackageResponse p) {
        ModelMetrics m = p.modelMetrics();
        DriftCheckBaselines d = p.driftCheckBaselines();
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "DataQualityStatisticsS3Uri",
                () -> d == null || d.modelDataQuality() == null ? null : uri(d.modelDataQuality().statistics()),
                () -> m == null || m.modelDataQuality() == null ? null : uri(m.modelDataQuality().statistics()));
        put(out, "DataQualityConstraintsS3Uri",
                () -> d == null || d.modelDataQuality() == null ? null : uri(d.modelDataQuality().constraints()),
                () -> m == null || m.modelDataQuality() == null ? null : uri(m.modelDataQuality().constraints()));
        put(out, "ModelQualityConstraintsS3Uri",
                () -> d == null || d.modelQuality() == null ? null : uri(d.modelQuality().constraints()),
                () -> m == null || m.modelQuality() == null ? null : uri(m.modelQuality().constraints()));
        put(out, "ModelBiasConfigS3Uri", () -> d == null || d.bias() == null ? null : file(d.bias().configFile()),
                () -> null);
        put(out, "ModelBiasConstraintsS3Uri",
                () -> d == null || d.bias() == null ? null : uri(d.bias().postTrainingConstraints()),
                () -> m == null || m.bias() == null ? null : uri(m.bias().postTrainingReport()));
        put(out, "ModelExplainabilityConfigS3Uri",
                () -> d == null || d.explainability() == null ? null : file(d.explainability().configFile()), () -> null);
        put(out, "ModelExplainabilityConstraintsS3Uri",
                () -> d == null || d.explainability() == null ? null : uri(d.explainability().constraints()),
                () -> m == null || m.explainability() == null ? null : uri(m.explainability().report()));
        return new MonitorBaselines(p.modelPackageArn(), out);
    }

    /**
     * The baselines one monitor needs, with the configuration's overrides.
     *
     * @param kind the monitor
     * @param config the environment's seed configuration (a non-empty {@code <Parameter>} key overrides)
     * @param where the configuration file, for the error
     * @return parameter name to URI
     * @throws ValidationException naming the model package and the missing metric when one is absent
     */
    public Map<String, String> require(MonitorKind kind, Map<String, String> config, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> names = MonitorStackRenderer.BASELINES.get(kind);
        for (String name : names) {
            String override = config.get(name);
            String uri = override != null && !override.isBlank() ? override : uris.get(name);
            if (uri == null) {
                throw new ValidationException(kind.enableKey(), "yes", "a model version with a " + kind.type()
                        + " baseline: model package " + modelPackage + " has no " + SOURCES.get(name) + " (give "
                        + name + " in " + where + ", register the version with it, or set " + kind.enableKey()
                        + " to no)");
            }
            if (!uri.startsWith("s3://")) {
                throw new ValidationException(name, uri, "an s3:// URI (the " + kind.type() + " baseline of model"
                        + " package " + modelPackage + ")");
            }
            out.put(name, uri);
        }
        return out;
    }

    @SafeVarargs
    private static void put(Map<String, String> out, String name, Supplier<String>... sources) {
        for (Supplier<String> s : sources) {
            String v = s.get();
            if (v != null && !v.isBlank()) {
                out.put(name, v);
                return;
            }
        }
    }

    private static String uri(MetricsSource s) {
        return s == null ? null : s.s3Uri();
    }

    private static String file(FileSource s) {
        return s == null ? null : s.s3Uri();
    }
}
