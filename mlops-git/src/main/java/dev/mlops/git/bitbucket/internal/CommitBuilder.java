package dev.mlops.git.bitbucket.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Makes commits in a local (in-memory) repository without a work tree: the parent's tree with files added,
 * changed ({@code bytes}) or deleted ({@code null}), and reads a commit's files back.
 */
public final class CommitBuilder {
    private CommitBuilder() {
    }

    /**
     * Makes a commit.
     *
     * @param repo the repository
     * @param parent the parent, empty for a root commit
     * @param changes path to content, {@code null} deleting
     * @param message the message
     * @param author who
     * @return the commit's id
     */
    public static ObjectId commit(Repository repo, Optional<ObjectId> parent, Map<String, byte[]> changes,
            String message, PersonIdent author) {
        try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder b = index.builder();
            if (parent.isPresent()) {
                RevCommit p = walk.parseCommit(parent.get());
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(p.getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        if (!changes.containsKey(tw.getPathString())) {
                            DirCacheEntry e = new DirCacheEntry(tw.getPathString());
                            e.setFileMode(tw.getFileMode(0));
                            e.setObjectId(tw.getObjectId(0));
                            b.add(e);
                        }
                    }
                }
            }
            for (Map.Entry<String, byte[]> c : changes.entrySet()) {
                if (c.getValue() != null) {
                    DirCacheEntry e = new DirCacheEntry(c.getKey());
                    e.setFileMode(FileMode.REGULAR_FILE);
                    e.setObjectId(ins.insert(Constants.OBJ_BLOB, c.getValue()));
                    b.add(e);
                }
            }
            b.finish();
            org.eclipse.jgit.lib.CommitBuilder cb = new org.eclipse.jgit.lib.CommitBuilder();
            cb.setTreeId(index.writeTree(ins));
            parent.ifPresent(cb::setParentId);
            cb.setAuthor(author);
            cb.setCommitter(author);
            cb.setMessage(message);
            ObjectId id = ins.insert(cb);
            ins.flush();
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the commit", e);
        }
    }

    /**
     * A commit's files.
     *
     * @param repo the repository
     * @param commit the commit
     * @return path to content; links as their target's bytes
     */
    public static Map<String, byte[]> files(Repository repo, ObjectId commit) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader();
                TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(walk.parseCommit(commit).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                if (tw.getFileMode(0) != FileMode.GITLINK) {
                    out.put(tw.getPathString(), reader.open(tw.getObjectId(0)).getBytes());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read commit " + commit.name(), e);
        }
    }
}
