package dev.mlops.aws.cfn.internal;

import dev.mlops.exception.ValidationException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deploy stages of a pipeline, by environment, with the configuration file each reads from the source
 * repository ({@code staging-config.json}) and the file the deploy build exports from it
 * ({@code staging-config-export.json}), as the originals name them.
 */
public final class DeployStages {
    private DeployStages() {
    }

    /**
     * The seed configuration file of each environment a pipeline deploys to, in stage order.
     *
     * @param pipeline the pipeline
     * @return environment to configuration file, e.g. {@code staging} to {@code staging-config.json}
     * @throws ValidationException if two deploy stages deploy to one environment
     */
    public static Map<String, String> configFiles(PipelineSpec pipeline) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Stage s : pipeline.stages()) {
            if (s.type() != StageType.DEPLOY) {
                continue;
            }
            String env = s.environment().orElseThrow();
            String file = s.configFile().orElse(env + "-config.json");
            if (files.put(env, file) != null) {
                throw new ValidationException("PipelineSpec.stages", s.name(),
                        "the only DEPLOY stage to environment " + env + " in pipeline " + pipeline.role()
                                + ": each environment has one endpoint stack");
            }
        }
        return files;
    }

    /**
     * The file the deploy build exports for a configuration file: {@code staging-config.json} gives
     * {@code staging-config-export.json}, any other name gets {@code -export.json} after it.
     *
     * @param configFile the seed configuration file
     * @return the exported file's name, in the build artifact
     */
    public static String exportedConfig(String configFile) {
        String name = configFile.substring(configFile.lastIndexOf('/') + 1);
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return base + "-export.json";
    }

    /**
     * The environment variable that tells the deploy build where to export an environment's configuration:
     * {@code EXPORT_TEMPLATE_STAGING_CONFIG} for {@code staging}.
     *
     * @param environment the environment
     * @return the variable's name
     */
    public static String exportVariable(String environment) {
        return "EXPORT_TEMPLATE_" + environment.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CONFIG";
    }
}
