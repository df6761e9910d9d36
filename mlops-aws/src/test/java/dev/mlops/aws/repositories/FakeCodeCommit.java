package dev.mlops.aws.repositories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.mlops.aws.fixtures.AwsWire;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * CodeCommit for the tests: a WireMock server that answers {@code CreateRepository}, {@code GetRepository},
 * {@code DeleteRepository}, {@code GetBranch} and {@code CreateCommit} from an in-memory model of repositories,
 * branches and trees, with CodeCommit's errors ({@code ParentCommitIdOutdatedException}, {@code NoChangeException},
 * {@code FileDoesNotExistException}, {@code MaximumFileEntriesExceededException},
 * {@code FileContentSizeLimitExceededException}, …), every body checked against the botocore output shapes.
 *
 * <p>moto does not serve: it has no branches or commits, and its {@code CreateRepository}/{@code GetRepository} answer
 * {@code creationDate} as an ISO-8601 string where the awsJson protocol has epoch seconds, which the SDK v2 refuses to
 * unmarshal.
 */
public final class FakeCodeCommit implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "fake-codecommit";

    private final WireMockServer server;
    private final Map<String, ObjectNode> repositories = new HashMap<>();
    private final Map<String, Map<String, String>> branches = new HashMap<>();
    private final Map<String, Map<String, String>> trees = new HashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();

    /**
     * Starts the server.
     */
    public FakeCodeCommit() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new Transformer()));
        server.start();
        for (String op : new String[] {"CreateRepository", "GetRepository", "DeleteRepository", "GetBranch",
                "CreateCommit"}) {
            server.stubFor(AwsWire.awsJson("codecommit", op).atPriority(1)
                    .willReturn(aResponse().withTransformers(NAME)));
        }
    }

    /** @return the server's URL */
    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** @return the commits made so far */
    public int commits() {
        return commits.get();
    }

    /**
     * Moves a branch as another writer would.
     *
     * @param repository the repository
     * @param branch the branch
     * @param path a file to write
     * @return the new head
     */
    public synchronized String pushFromElsewhere(String repository, String branch, String path) {
        String head = branches.getOrDefault(repository, Map.of()).get(branch);
        Map<String, String> tree = new TreeMap<>(head == null ? Map.of() : trees.get(head));
        tree.put(path, "elsewhere-" + counter.incrementAndGet());
        String id = commitId(head, tree, "elsewhere");
        trees.put(id, tree);
        branches.computeIfAbsent(repository, r -> new HashMap<>()).put(branch, id);
        return id;
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized ResponseDefinition answer(String operation, JsonNode in) {
        String repo = in.path("repositoryName").asText();
        String branch = in.path("branchName").asText();
        ObjectNode meta = repositories.get(repo);
        if (operation.endsWith("ListRepositories")) {
            ArrayNode list = JSON.createArrayNode();
            repositories.values().forEach(m -> list.add(JSON.createObjectNode()
                    .put("repositoryName", m.get("repositoryName").asText())
                    .put("repositoryId", m.get("repositoryId").asText())));
            ObjectNode out = JSON.createObjectNode();
            out.set("repositories", list);
            return ok("ListRepositories", out);
        }
        if (operation.endsWith("CreateRepository")) {
            if (meta != null) {
                return error("RepositoryNameExistsException", "Repository named " + repo + " already exists");
            }
            meta = JSON.createObjectNode().put("accountId", "123456789012").put("repositoryId", java.util.UUID
                    .randomUUID().toString()).put("repositoryName", repo)
                    .put("creationDate", System.currentTimeMillis() / 1000.0)
                    .put("lastModifiedDate", System.currentTimeMillis() / 1000.0)
                    .put("cloneUrlHttp", "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/" + repo)
                    .put("cloneUrlSsh", "ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/" + repo)
                    .put("Arn", "arn:aws:codecommit:us-east-1:123456789012:" + repo);
            if (in.hasNonNull("repositoryDescription")) {
                meta.put("repositoryDescription", in.get("repositoryDescription").asText());
            }
            repositories.put(repo, meta);
            branches.remove(repo);
            return ok("CreateRepository", JSON.createObjectNode().set("repositoryMetadata", meta));
        }
        if (operation.endsWith("DeleteRepository")) {
            ObjectNode out = JSON.createObjectNode();
            if (meta != null) {
                repositories.remove(repo);
                branches.remove(repo);
                out.put("repositoryId", meta.get("repositoryId").asText());
            }
            return ok("DeleteRepository", out);
        }
        if (meta == null) {
            return error("RepositoryDoesNotExistException", repo + " does not exist");
        }
        if (operation.endsWith("GetRepository")) {
            return ok("GetRepository", JSON.createObjectNode().set("repositoryMetadata", meta));
        }
        Map<String, String> repoBranches = branches.computeIfAbsent(repo, r -> new HashMap<>());
        if (operation.endsWith("GetBranch")) {
            String head = repoBranches.get(branch);
            if (head == null) {
                return error("BranchDoesNotExistException", "Branch " + branch + " does not exist in " + repo);
            }
            return ok("GetBranch", JSON.createObjectNode().set("branch", JSON.createObjectNode()
                    .put("branchName", branch).put("commitId", head)));
        }
        String head = repoBranches.get(branch);
        String parent = in.hasNonNull("parentCommitId") ? in.get("parentCommitId").asText() : null;
        if (parent != null && !trees.containsKey(parent)) {
            return error("ParentCommitDoesNotExistException", "The parent commit ID " + parent + " does not exist");
        }
        if (head != null && parent == null) {
            return error("ParentCommitIdRequiredException", "A parent commit ID is required");
        }
        if (head != null && !head.equals(parent)) {
            return error("ParentCommitIdOutdatedException", "The parent commit ID " + parent + " is not the tip of "
                    + branch + " (" + head + ")");
        }
        if (head == null && parent == null && !repoBranches.isEmpty()) {
            return error("ParentCommitIdRequiredException", "A parent commit ID is required: the repository has commits");
        }
        JsonNode puts = in.path("putFiles");
        JsonNode deletes = in.path("deleteFiles");
        if (puts.size() + deletes.size() > 100) {
            return error("MaximumFileEntriesExceededException", "The number of files exceeds 100");
        }
        Map<String, String> tree = new TreeMap<>(parent == null ? Map.of() : trees.get(parent));
        ArrayNode added = JSON.createArrayNode();
        ArrayNode updated = JSON.createArrayNode();
        ArrayNode removed = JSON.createArrayNode();
        for (JsonNode p : puts) {
            byte[] content = Base64.getDecoder().decode(p.path("fileContent").asText());
            if (content.length > 6 * 1024 * 1024) {
                return error("FileContentSizeLimitExceededException", "The file " + p.path("filePath").asText()
                        + " exceeds 6 MB");
            }
            String path = p.path("filePath").asText();
            String blob = sha1(content);
            ObjectNode file = JSON.createObjectNode().put("absolutePath", path).put("blobId", blob).put("fileMode", "NORMAL");
            (tree.containsKey(path) ? updated : added).add(file);
            tree.put(path, blob);
        }
        for (JsonNode d : deletes) {
            String path = d.path("filePath").asText();
            if (tree.remove(path) == null) {
                return error("FileDoesNotExistException", "The file " + path + " does not exist");
            }
            removed.add(JSON.createObjectNode().put("absolutePath", path).put("blobId", sha1(path.getBytes(
                    StandardCharsets.UTF_8))).put("fileMode", "NORMAL"));
        }
        if (parent != null && tree.equals(trees.get(parent))) {
            return error("NoChangeException", "The commit cannot be created because no changes will be made to the"
                    + " repository as a result of this commit");
        }
        String id = commitId(parent, tree, in.path("commitMessage").asText());
        trees.put(id, tree);
        if (repoBranches.isEmpty()) {
            meta.put("defaultBranch", branch);
        }
        repoBranches.put(branch, id);
        commits.incrementAndGet();
        ObjectNode out = JSON.createObjectNode().put("commitId", id).put("treeId", sha1(tree.toString().getBytes(
                StandardCharsets.UTF_8)));
        out.set("filesAdded", added);
        out.set("filesUpdated", updated);
        out.set("filesDeleted", removed);
        return ok("CreateCommit", out);
    }

    private String commitId(String parent, Map<String, String> tree, String message) {
        return sha1((parent + "|" + tree + "|" + message + "|" + counter.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseDefinition ok(String operation, JsonNode body) {
        return AwsWire.awsJsonResponse("codecommit", operation, body.toString()).build();
    }

    private static ResponseDefinition error(String type, String message) {
        return AwsWire.awsJsonError("codecommit", 400, type, message).build();
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String target = event.getRequest().getHeader("X-Amz-Target");
            try {
                return answer(target, JSON.readTree(event.getRequest().getBodyAsString()));
            } catch (IOException e) {
                return error("InvalidParameterException", "not JSON: " + e.getMessage());
            }
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
