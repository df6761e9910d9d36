package dev.mlops.aws.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A third-party Git host in memory: repositories made by the test (as on GitHub before the project is created),
 * each branch a list of commits holding the whole tree, commit ids 40 hex digits derived from parent, message and tree.
 */
public final class InMemoryGitHost implements ThirdPartyGit {
    /** One commit. */
    record Commit(String id, String parent, String message, Map<String, byte[]> tree) {
    }

    /** {@code owner/name} → branch → its commits, oldest first. */
    private final Map<String, Map<String, List<Commit>>> repositories = new ConcurrentHashMap<>();

    /**
     * Makes a repository with a README on {@code main}, as the original template asks of the customer.
     *
     * @param fullName {@code owner/name}
     * @return this host
     */
    public synchronized InMemoryGitHost create(String fullName) {
        Map<String, List<Commit>> branches = new ConcurrentHashMap<>();
        repositories.put(fullName, branches);
        commit(fullName, "main", Map.of("README.md", ("# " + fullName + "\n").getBytes(StandardCharsets.UTF_8)), "Initial commit");
        return this;
    }

    @Override
    public synchronized Optional<String> head(String fullName, String branch) {
        List<Commit> commits = repositories.getOrDefault(fullName, Map.of()).get(branch);
        return commits == null || commits.isEmpty() ? Optional.empty() : Optional.of(commits.get(commits.size() - 1).id());
    }

    @Override
    public synchronized String checkIn(String fullName, String branch, Map<String, byte[]> files, String message) {
        Map<String, byte[]> tree = tree(fullName, branch);
        boolean changed = files.entrySet().stream().anyMatch(e -> !Arrays.equals(tree.get(e.getKey()), e.getValue()));
        if (!changed) {
            return head(fullName, branch).orElseThrow();
        }
        return commit(fullName, branch, files, message);
    }

    /**
     * Commits files over a branch's tree (a null content deletes the path); starts the branch from {@code main} when
     * it is missing.
     *
     * @param fullName {@code owner/name}
     * @param branch the branch
     * @param files the changes
     * @param message the message
     * @return the new head
     */
    public synchronized String commit(String fullName, String branch, Map<String, byte[]> files, String message) {
        Map<String, List<Commit>> branches = repositories.get(fullName);
        if (branches == null) {
            throw new IllegalStateException("no repository " + fullName + " on the host: make it first");
        }
        List<Commit> commits = branches.get(branch);
        if (commits == null) {
            commits = new ArrayList<>(branches.getOrDefault("main", List.of()));
            branches.put(branch, commits);
        }
        Map<String, byte[]> tree = tree(fullName, branch);
        files.forEach((path, content) -> {
            if (content == null) {
                tree.remove(path);
            } else {
                tree.put(path, content);
            }
        });
        String parent = commits.isEmpty() ? null : commits.get(commits.size() - 1).id();
        String id = id(parent, message, tree);
        commits.add(new Commit(id, parent, message, tree));
        return id;
    }

    /**
     * The number of commits on a branch.
     *
     * @param fullName {@code owner/name}
     * @param branch the branch
     * @return how many
     */
    public synchronized int commits(String fullName, String branch) {
        return repositories.getOrDefault(fullName, Map.of()).getOrDefault(branch, List.of()).size();
    }

    /**
     * The tree at a branch's head.
     *
     * @param fullName {@code owner/name}
     * @param branch the branch
     * @return a new map, path → content
     */
    public synchronized Map<String, byte[]> tree(String fullName, String branch) {
        List<Commit> commits = repositories.getOrDefault(fullName, Map.of()).get(branch);
        if (commits == null || commits.isEmpty()) {
            List<Commit> main = repositories.getOrDefault(fullName, Map.of()).getOrDefault("main", List.of());
            return main.isEmpty() ? new TreeMap<>() : new TreeMap<>(main.get(main.size() - 1).tree());
        }
        return new TreeMap<>(commits.get(commits.size() - 1).tree());
    }

    private static String id(String parent, String message, Map<String, byte[]> tree) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(String.valueOf(parent).getBytes(StandardCharsets.UTF_8));
            sha.update(message.getBytes(StandardCharsets.UTF_8));
            new TreeMap<>(tree).forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update(v);
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
