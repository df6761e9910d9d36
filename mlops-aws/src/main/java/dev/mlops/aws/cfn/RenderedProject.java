package dev.mlops.aws.cfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.internal.CanonicalJson;
import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a project deploys on AWS, rendered from a template: the project stack, one endpoint stack per environment
 * the deploy pipeline deploys to, and where the project stack expects each repository's seed archive. Immutable;
 * the JSON is canonical (sorted keys, two-space indentation, {@code \n} line ends), so two renders of the same
 * input are byte-identical.
 */
public final class RenderedProject {
    private final String templateId;
    private final String projectName;
    private final String projectStackJson;
    private final List<EndpointStack> endpointStacks;
    private final List<SeedArchive> seedArchives;

    RenderedProject(String templateId, String projectName, ObjectNode projectStack, List<EndpointStack> endpointStacks,
            List<SeedArchive> seedArchives) {
        this.templateId = templateId;
        this.projectName = projectName;
        this.projectStackJson = CanonicalJson.write(projectStack);
        this.endpointStacks = List.copyOf(endpointStacks);
        this.seedArchives = List.copyOf(seedArchives);
    }

    /**
     * The id of the template it was rendered from.
     *
     * @return e.g. {@code model-building-training-deployment}
     */
    public String templateId() {
        return templateId;
    }

    /**
     * The project's name.
     *
     * @return the name
     */
    public String projectName() {
        return projectName;
    }

    /**
     * The project stack's template. SageMaker fills in its parameters {@code SageMakerProjectName} and
     * {@code SageMakerProjectId}; the provisioner gives {@code SeedCodeBucket}.
     *
     * @return a new copy of the tree
     */
    public ObjectNode projectStack() {
        try {
            return (ObjectNode) CanonicalJson.parse(projectStackJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the rendered project stack no longer parses: " + e.getMessage(), e);
        }
    }

    /**
     * The project stack's canonical text.
     *
     * @return the JSON text
     */
    public String projectStackJson() {
        return projectStackJson;
    }

    /**
     * The endpoint stacks, in the order the deploy pipeline deploys them.
     *
     * @return an unmodifiable list; empty for a template that deploys nothing
     */
    public List<EndpointStack> endpointStacks() {
        return endpointStacks;
    }

    /**
     * The endpoint stack of an environment.
     *
     * @param environment e.g. {@code prod}
     * @return the stack, if the project deploys there
     */
    public Optional<EndpointStack> endpointStack(String environment) {
        return endpointStacks.stream().filter(s -> s.environment().equals(environment)).findFirst();
    }

    /**
     * Where the project stack expects each repository's seed archive.
     *
     * @return an unmodifiable list, in the template's repository order
     */
    public List<SeedArchive> seedArchives() {
        return seedArchives;
    }

    /**
     * The files {@link #writeTo(Path)} writes, by name: {@code <name>-project.json}, then
     * {@code <name>-deploy-<environment>.json} per endpoint stack.
     *
     * @return file name to content, in that order
     */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(projectName + "-project.json", projectStackJson);
        for (EndpointStack s : endpointStacks) {
            files.put(projectName + "-deploy-" + s.environment() + ".json", s.templateJson());
        }
        return Collections.unmodifiableMap(files);
    }

    /**
     * Writes every template to a folder, creating it if needed and replacing files of the same names.
     *
     * @param folder the folder
     * @return the files written, in {@link #files()} order
     * @throws MlopsClientException if the folder cannot be created or a file cannot be written
     */
    public List<Path> writeTo(Path folder) {
        if (folder == null) {
            throw new dev.mlops.exception.ValidationException("RenderedProject.writeTo.folder", null, "a folder to write to");
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, String> f : files().entrySet()) {
                Path file = folder.resolve(f.getKey());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                written.add(file);
            }
        } catch (IOException e) {
            throw new MlopsClientException("Cannot write the rendered templates of project " + projectName + " to "
                    + folder + ": " + e, e, Map.of("project", projectName, "folder", folder.toString()));
        }
        return Collections.unmodifiableList(written);
    }

    @Override
    public String toString() {
        return "RenderedProject{" + projectName + " from " + templateId + ": " + files().keySet() + ", "
                + seedArchives.size() + " seed archives}";
    }
}
