package dev.mlops.git.bitbucket.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bitbucket Cloud REST 2.0 calls the Cloud component makes, one method per operation. Repository writes that
 * are not idempotent ({@code POST …/src}) are sent once (retried only on 429); the component reconciles.
 */
public final class CloudApi {
    /** The permission of reads, for messages. */
    static final String READ = "read access to the repository (API token scope read:repository:bitbucket;"
            + " access token scope repository)";
    static final String WRITE = "write access to the repository (API token scope write:repository:bitbucket;"
            + " access token scope repository:write)";
    static final String ADMIN = "the right to create repositories in the workspace (API token scope"
            + " admin:repository:bitbucket; access token scope repository:admin)";
    static final String DELETE = "the right to delete the repository (API token scope delete:repository:bitbucket;"
            + " access token scope repository:delete)";
    static final String HOOKS = "the right to manage webhooks (API token scopes read:webhook:bitbucket and"
            + " write:webhook:bitbucket; access token scope webhook)";

    private final BitbucketHttp http;
    private final String workspace;

    /**
     * The calls for one workspace.
     *
     * @param http the client
     * @param workspace the workspace's slug
     */
    public CloudApi(BitbucketHttp http, String workspace) {
        this.http = http;
        this.workspace = workspace;
    }

    private String repo(String slug) {
        return "/repositories/" + Paths.seg(workspace) + "/" + Paths.seg(slug);
    }

    /**
     * A repository, if the token can see it.
     *
     * @param slug the slug
     * @return the repository's JSON
     */
    public Optional<JsonNode> repository(String slug) {
        HttpAnswer a = http.send(HttpCall.get(repo(slug), READ, 404));
        return a.status() == 404 ? Optional.empty() : Optional.of(a.json());
    }

    /**
     * Adopts the repository if it exists, creates it otherwise. A create refused because the slug is taken (a
     * create whose answer was lost, or a racing caller) adopts the repository when the token can read it.
     *
     * @param slug the slug
     * @param name the display name
     * @param isPrivate whether a new repository is private
     * @param projectKey the Bitbucket project for a new repository, or {@code null} for the workspace's default
     * @param description the description of a new repository
     * @return the repository
     * @throws ConflictException if the name is taken by a repository the token cannot read
     */
    public EnsuredRepository ensure(String slug, String name, boolean isPrivate, String projectKey,
            String description) {
        Optional<JsonNode> existing = repository(slug);
        if (existing.isPresent()) {
            return describe(existing.get(), false);
        }
        ObjectNode body = HttpAnswer.JSON.createObjectNode().put("type", "repository").put("scm", "git").put("name", name)
                .put("is_private", isPrivate).put("description", description)
                .put("fork_policy", isPrivate ? "no_public_forks" : "allow_forks");
        if (projectKey != null) {
            body.putObject("project").put("type", "project").put("key", projectKey);
        }
        HttpAnswer a = http.send(HttpCall.json("POST", repo(slug), body.toString(), ADMIN, true, 400));
        if (a.status() == 400) {
            String said = a.json().path("error").path("message").asText("");
            if (!said.toLowerCase(java.util.Locale.ROOT).contains("already exists")) {
                throw new MlopsClientException("Bitbucket Cloud refused to create " + workspace + "/" + slug + ": "
                        + said, null, Map.of("host", "bitbucket.org", "repository", workspace + "/" + slug));
            }
            Optional<JsonNode> now = repository(slug);
            if (now.isEmpty()) {
                throw new ConflictException("The repository name " + workspace + "/" + slug + " is already taken"
                        + " on Bitbucket Cloud by a repository this token cannot read; choose another project name"
                        + " or give the token access to it", List.of("Bitbucket: " + said),
                        Map.of("repository", workspace + "/" + slug));
            }
            return describe(now.get(), false);
        }
        return describe(a.json(), true);
    }

    /**
     * A repository's slug, HTTPS clone URL and description, from its JSON.
     *
     * @param n the repository's JSON
     * @param created whether this call created it
     * @return the repository
     */
    public static EnsuredRepository describe(JsonNode n, boolean created) {
        String clone = null;
        for (JsonNode c : n.path("links").path("clone")) {
            if ("https".equals(c.path("name").asText())) {
                clone = c.path("href").asText();
            }
        }
        if (clone == null) {
            clone = n.path("links").path("html").path("href").asText("https://bitbucket.org/" + n.path("full_name").asText());
        }
        return new EnsuredRepository(n.path("slug").asText(), URI.create(clone), n.path("description").asText(""),
                created);
    }

    /**
     * A branch's head.
     *
     * @param slug the repository
     * @param branch the branch
     * @return the head, empty if the branch does not exist
     */
    public Optional<HeadCommit> head(String slug, String branch) {
        HttpAnswer a = http.send(HttpCall.get(repo(slug) + "/refs/branches/" + Paths.segs(branch), READ, 404));
        if (a.status() == 404) {
            return Optional.empty();
        }
        JsonNode t = a.json().path("target");
        List<String> parents = new ArrayList<>();
        t.path("parents").forEach(p -> parents.add(p.path("hash").asText()));
        return Optional.of(new HeadCommit(t.path("hash").asText(), t.path("message").asText(""), parents));
    }

    /**
     * Makes one commit on a branch ({@code POST …/src}), sent once: the caller reconciles after a failure.
     *
     * @param slug the repository
     * @param branch the branch (made by the commit when it does not exist)
     * @param message the message
     * @param parent the expected head, or {@code null} for the first commit
     * @param files path to content; {@code null} deletes
     * @return the new commit's hash, from {@code Location}, if Bitbucket gave it
     * @throws ConflictException if the branch's head is not {@code parent}
     */
    public Optional<String> commit(String slug, String branch, String message, String parent,
            Map<String, byte[]> files) {
        Multipart m = new Multipart().field("message", message).field("branch", branch);
        if (parent != null) {
            m.field("parents", parent);
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getValue() == null) {
                m.field("files", "/" + f.getKey());
            }
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getValue() != null) {
                m.file("/" + f.getKey(), f.getValue());
            }
        }
        HttpAnswer a = http.send(new HttpCall("POST", repo(slug) + "/src", m.contentType(), m.bytes(), Set.of(),
                WRITE, false));
        return a.header("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).filter(h -> !h.isBlank());
    }

    /**
     * The files of a commit: the directory listing followed page by page, then each file's raw bytes.
     *
     * @param slug the repository
     * @param commit the commit
     * @return path to content
     * @throws NotFoundException if the commit does not exist
     */
    public Map<String, byte[]> files(String slug, String commit) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<String> dirs = new ArrayList<>(List.of(""));
        while (!dirs.isEmpty()) {
            String dir = dirs.remove(0);
            String next = repo(slug) + "/src/" + Paths.seg(commit) + "/" + (dir.isEmpty() ? "" : Paths.segs(dir) + "/")
                    + "?pagelen=100";
            while (next != null) {
                HttpAnswer a = http.send(HttpCall.get(next, READ, 404));
                if (a.status() == 404) {
                    throw new NotFoundException("commit", workspace + "/" + slug + "@" + commit,
                            "name a commit of the repository, e.g. its head");
                }
                JsonNode page = a.json();
                for (JsonNode v : page.path("values")) {
                    String path = v.path("path").asText();
                    if ("commit_directory".equals(v.path("type").asText())) {
                        dirs.add(path);
                    } else if ("commit_file".equals(v.path("type").asText())) {
                        out.put(path, null);
                    }
                }
                next = page.hasNonNull("next") ? relative(page.get("next").asText()) : null;
            }
        }
        for (String path : out.keySet()) {
            HttpAnswer raw = http.send(HttpCall.get(repo(slug) + "/src/" + Paths.seg(commit) + "/" + Paths.segs(path),
                    READ));
            out.put(path, raw.body());
        }
        return out;
    }

    /**
     * Makes sure a webhook with this URL exists; an existing one is left as it is.
     *
     * @param slug the repository
     * @param url where deliveries go
     * @param secret the signing secret
     * @param events the events
     * @return whether a webhook was created
     */
    public boolean ensureHook(String slug, URI url, Secret secret, List<String> events) {
        String next = repo(slug) + "/hooks?pagelen=100";
        while (next != null) {
            JsonNode page = http.send(HttpCall.get(next, HOOKS)).json();
            for (JsonNode h : page.path("values")) {
                if (url.toString().equals(h.path("url").asText())) {
                    return false;
                }
            }
            next = page.hasNonNull("next") ? relative(page.get("next").asText()) : null;
        }
        ObjectNode body = HttpAnswer.JSON.createObjectNode().put("description", "mlops-projects")
                .put("url", url.toString()).put("active", true).put("secret", secret.reveal());
        events.forEach(body.putArray("events")::add);
        // Not idempotent: after a lost answer the component lists again before creating.
        http.send(HttpCall.json("POST", repo(slug) + "/hooks", body.toString(), HOOKS, false));
        return true;
    }

    /**
     * Deletes a repository.
     *
     * @param slug the repository
     */
    public void delete(String slug) {
        http.send(new HttpCall("DELETE", repo(slug), null, null, Set.of(404), DELETE, true));
    }

    private String relative(String next) {
        String root = http.root().toString();
        if (!next.startsWith(root)) {
            throw new MlopsBackendException("Bitbucket's next page " + URI.create(next).getPath()
                    + " is not under the API root " + root, null);
        }
        return next.substring(root.length());
    }
}
