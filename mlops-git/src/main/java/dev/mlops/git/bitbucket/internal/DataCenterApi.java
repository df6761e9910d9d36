package dev.mlops.git.bitbucket.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bitbucket Data Center REST 1.0 calls the Data Center component makes, one method per operation, for one
 * project. Pages are followed with {@code start=nextPageStart} until {@code isLastPage}.
 */
public final class DataCenterApi {
    static final String READ = "REPO_READ on the repository (HTTP access token permission: repository read)";
    static final String CREATE = "REPO_CREATE on the project (HTTP access token permission: project write or"
            + " project admin)";
    static final String ADMIN = "REPO_ADMIN on the repository (HTTP access token permission: repository admin)";

    private final BitbucketHttp http;
    private final String projectKey;

    /**
     * The calls for one project.
     *
     * @param http the client, rooted at {@code https://host[/context]/rest/api/1.0}
     * @param projectKey the project's key
     */
    public DataCenterApi(BitbucketHttp http, String projectKey) {
        this.http = http;
        this.projectKey = projectKey;
    }

    private String repo(String slug) {
        return "/projects/" + Paths.seg(projectKey) + "/repos/" + Paths.seg(slug);
    }

    /**
     * A repository, if the token can see it.
     *
     * @param slug the slug
     * @return its JSON
     */
    public Optional<JsonNode> repository(String slug) {
        HttpAnswer a = http.send(HttpCall.get(repo(slug), READ, 404));
        return a.status() == 404 ? Optional.empty() : Optional.of(a.json());
    }

    /**
     * Adopts the repository if it exists, creates it otherwise (409: adopts it when readable). Data Center uses
     * only the name and SCM of a create, so the description and visibility of a new repository are set by an
     * update right after.
     *
     * @param slug the slug the name makes
     * @param name the name
     * @param isPublic whether a new repository is public
     * @param description the description of a new repository
     * @return the repository
     * @throws ConflictException if the name is taken by a repository the token cannot read
     */
    public EnsuredRepository ensure(String slug, String name, boolean isPublic, String description) {
        Optional<JsonNode> existing = repository(slug);
        if (existing.isPresent()) {
            return describe(existing.get(), false);
        }
        ObjectNode body = HttpAnswer.JSON.createObjectNode().put("name", name).put("scmId", "git")
                .put("forkable", false).put("public", isPublic).put("description", description);
        HttpAnswer a = http.send(HttpCall.json("POST", "/projects/" + Paths.seg(projectKey) + "/repos",
                body.toString(), CREATE, true, 409));
        if (a.status() == 409) {
            Optional<JsonNode> now = repository(slug);
            if (now.isEmpty()) {
                throw new ConflictException("The repository name " + projectKey + "/" + name + " is already taken on"
                        + " Bitbucket Data Center by a repository this token cannot read; choose another project"
                        + " name or grant the token access to it", List.of(a.text()),
                        Map.of("repository", projectKey + "/" + slug));
            }
            return describe(now.get(), false);
        }
        JsonNode created = a.json();
        if (!description.equals(created.path("description").asText()) || created.path("public").asBoolean() != isPublic) {
            ObjectNode update = HttpAnswer.JSON.createObjectNode().put("description", description)
                    .put("public", isPublic);
            created = http.send(HttpCall.json("PUT", repo(created.path("slug").asText(slug)), update.toString(),
                    ADMIN, true)).json();
        }
        return describe(created, true);
    }

    /**
     * A repository's slug, HTTP clone URL and description.
     *
     * @param n its JSON
     * @param created whether this call created it
     * @return the repository
     */
    public static EnsuredRepository describe(JsonNode n, boolean created) {
        String clone = null;
        for (JsonNode c : n.path("links").path("clone")) {
            if ("http".equals(c.path("name").asText()) || "https".equals(c.path("name").asText())) {
                clone = c.path("href").asText();
            }
        }
        if (clone == null) {
            throw new MlopsBackendException("Bitbucket Data Center reports no HTTP clone URL for "
                    + n.path("slug").asText() + "; enable HTTP(S) SCM hosting", null);
        }
        return new EnsuredRepository(n.path("slug").asText(), URI.create(clone), n.path("description").asText(""),
                created);
    }

    /**
     * A branch's head, with its message and parents.
     *
     * @param slug the repository
     * @param branch the branch
     * @return the head, empty if the branch does not exist
     */
    public Optional<HeadCommit> head(String slug, String branch) {
        Optional<String> id = Optional.empty();
        int start = 0;
        while (id.isEmpty()) {
            HttpAnswer a = http.send(HttpCall.get(repo(slug) + "/branches?filterText=" + Paths.q(branch) + "&start="
                    + start + "&limit=25", READ));
            JsonNode page = a.json();
            for (JsonNode b : page.path("values")) {
                if (branch.equals(b.path("displayId").asText())) {
                    id = Optional.of(b.path("latestCommit").asText());
                }
            }
            if (page.path("isLastPage").asBoolean(true) || !page.hasNonNull("nextPageStart")) {
                break;
            }
            start = page.path("nextPageStart").asInt();
        }
        if (id.isEmpty()) {
            return Optional.empty();
        }
        JsonNode c = http.send(HttpCall.get(repo(slug) + "/commits/" + Paths.seg(id.get()), READ)).json();
        List<String> parents = new ArrayList<>();
        c.path("parents").forEach(p -> parents.add(p.path("id").asText()));
        return Optional.of(new HeadCommit(id.get(), c.path("message").asText(""), parents));
    }

    /**
     * Makes sure a webhook with this URL exists; an existing one is left as it is.
     *
     * @param slug the repository
     * @param url where deliveries go
     * @param secret the signing secret
     * @param events the events
     * @return whether one was created
     */
    public boolean ensureHook(String slug, URI url, Secret secret, List<String> events) {
        int start = 0;
        while (true) {
            JsonNode page = http.send(HttpCall.get(repo(slug) + "/webhooks?start=" + start + "&limit=25", ADMIN))
                    .json();
            for (JsonNode h : page.path("values")) {
                if (url.toString().equals(h.path("url").asText())) {
                    return false;
                }
            }
            if (page.path("isLastPage").asBoolean(true) || !page.hasNonNull("nextPageStart")) {
                break;
            }
            start = page.path("nextPageStart").asInt();
        }
        ObjectNode body = HttpAnswer.JSON.createObjectNode().put("name", "mlops-projects").put("url", url.toString())
                .put("active", true);
        events.forEach(body.putArray("events")::add);
        body.putObject("configuration").put("secret", secret.reveal());
        http.send(HttpCall.json("POST", repo(slug) + "/webhooks", body.toString(), ADMIN, false));
        return true;
    }

    /**
     * Deletes a repository (Data Center answers 202 and deletes it in the background).
     *
     * @param slug the repository
     */
    public void delete(String slug) {
        http.send(new HttpCall("DELETE", repo(slug), null, null, Set.of(404), ADMIN, true));
    }
}
