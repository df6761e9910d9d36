package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.SeedArchive;
import java.util.List;

/**
 * The rendered project stack: its template and where it expects each repository's seed archive.
 *
 * @param template the CloudFormation template
 * @param seedArchives one per repository, in the template's order
 */
public record ProjectStack(ObjectNode template, List<SeedArchive> seedArchives) {
    /**
     * Copies the list.
     *
     * @param template the CloudFormation template
     * @param seedArchives one per repository
     */
    public ProjectStack {
        seedArchives = List.copyOf(seedArchives);
    }
}
