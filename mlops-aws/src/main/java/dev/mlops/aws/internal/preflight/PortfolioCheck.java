package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.PreflightProblem.Severity;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.exception.MlopsException;
import java.util.List;
import java.util.Map;

/**
 * Checks that SageMaker's Service Catalog portfolio of project templates is enabled in the account
 * ({@code GetSagemakerServicecatalogPortfolioStatus}); without it the first-party products cannot be launched.
 */
final class PortfolioCheck {
    private final AwsCalls calls;

    PortfolioCheck(AwsCalls calls) {
        this.calls = calls;
    }

    List<PreflightProblem> check() {
        String status;
        try {
            status = calls.call(AwsService.SAGEMAKER, "read the status of SageMaker's Service Catalog portfolio", Map.of(),
                    () -> calls.clients().sageMaker().getSagemakerServicecatalogPortfolioStatus(r -> { }).statusAsString());
        } catch (MlopsException e) {
            return List.of(new PreflightProblem(Severity.WARNING, "service-catalog", "SageMaker portfolio", "Could not read"
                    + " the status of SageMaker's Service Catalog portfolio: " + e.getMessage(), "Grant"
                    + " sagemaker:GetSagemakerServicecatalogPortfolioStatus to the caller"));
        }
        if ("Enabled".equals(status)) {
            return List.of();
        }
        return List.of(new PreflightProblem(Severity.ERROR, "service-catalog", "SageMaker portfolio", "SageMaker's Service"
                + " Catalog portfolio of project templates is " + status + " in this account, so its products cannot be"
                + " launched.", "aws sagemaker enable-sagemaker-servicecatalog-portfolio, or SageMaker console > Domains >"
                + " your domain > App configurations > SageMaker Projects and JumpStart > Enable projects"));
    }
}
