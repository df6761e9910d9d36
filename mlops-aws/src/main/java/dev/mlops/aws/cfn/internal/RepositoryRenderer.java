package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.template.RepositorySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One CodeCommit repository per template repository, {@code sagemaker-<name>-<id>-<role>}, whose first commit
 * on the tracked branch is the seed archive CodeCommit reads from S3 ({@code Code.S3}) when it creates the
 * repository.
 */
public final class RepositoryRenderer {
    private RepositoryRenderer() {
    }

    /**
     * Adds the repositories and says where each expects its seed archive.
     *
     * @param ctx the project being rendered
     * @return one archive per repository, in the template's order
     */
    public static List<SeedArchive> render(RenderContext ctx) {
        List<SeedArchive> archives = new ArrayList<>();
        for (RepositorySpec repo : ctx.template().repositories()) {
            Names names = Names.of(repo.role());
            SeedArchive archive = SeedArchive.of(ctx.template().id(), repo.role(), repo.branch(), repo.seed());
            ObjectNode s3 = Cfn.object();
            s3.set("Bucket", Cfn.ref(Names.SEED_BUCKET));
            s3.put("Key", archive.key());
            ObjectNode s3Code = Cfn.object();
            s3Code.set("S3", s3);
            s3Code.put("BranchName", repo.branch());
            ObjectNode props = Cfn.object();
            props.set("RepositoryName", Cfn.sub(names.resourceName()));
            props.set("RepositoryDescription", Cfn.sub("The " + repo.role()
                    + " repository of SageMaker project ${" + Names.PROJECT_NAME + "}"));
            props.set("Code", s3Code);
            props.set("Tags", ctx.projectTags());
            ctx.stack().resource(names.repositoryId(), "AWS::CodeCommit::Repository", props);
            archives.add(archive);
        }
        return archives;
    }
}
