package pipelines.abalone;

import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineFactory;
import dev.mlops.pipeline.PipelineSettings;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.PropertyFile;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.TrainingStep;

/**
 * The abalone pipeline of the original seed code: preprocess, train XGBoost, evaluate, and register the model
 * if its test MSE is at most 6.0.
 */
public final class AbalonePipeline implements PipelineFactory {

    @Override
    public MlPipeline create(PipelineSettings settings) {
        Parameter processingInstanceCount = Parameter.integer("ProcessingInstanceCount", 1);
        Parameter processingInstanceType = Parameter.string("ProcessingInstanceType", "ml.m5.xlarge");
        Parameter trainingInstanceType = Parameter.string("TrainingInstanceType", "ml.m5.xlarge");
        Parameter modelApprovalStatus = Parameter.string("ModelApprovalStatus", "PendingManualApproval");
        // In a region, the public copy the original seed reads; on the embedded backend, this repository's copy.
        Parameter inputData = Parameter.string("InputDataUrl", settings.hasRegion()
                ? "s3://sagemaker-servicecatalog-seedcode-" + settings.region() + "/dataset/abalone-dataset.csv"
                : "data/abalone.csv");

        ProcessingStep preprocess = ProcessingStep.builder("PreprocessAbaloneData")
                .script("pipelines/abalone/Preprocess.java")
                .instanceType(processingInstanceType)
                .instanceCount(processingInstanceCount)
                .input("raw", inputData)
                .outputs("train", "validation", "test", "model")
                .build();

        TrainingStep train = TrainingStep.builder("TrainAbaloneModel")
                .builtIn("xgboost", "1.7-1")
                .instanceType(trainingInstanceType)
                .hyperparameter("objective", "reg:squarederror")
                .hyperparameter("num_round", "50")
                .hyperparameter("max_depth", "5")
                .hyperparameter("eta", "0.2")
                .hyperparameter("gamma", "4")
                .hyperparameter("min_child_weight", "6")
                .hyperparameter("subsample", "0.7")
                .channel("train", preprocess.output("train"))
                .channel("validation", preprocess.output("validation"))
                .build();

        PropertyFile evaluationReport = PropertyFile.of("AbaloneEvaluationReport", "evaluation", "evaluation.json");
        ProcessingStep evaluate = ProcessingStep.builder("EvaluateAbaloneModel")
                .script("pipelines/abalone/Evaluate.java")
                .instanceType(processingInstanceType)
                .instanceCount(processingInstanceCount)
                .input("model", train.modelArtifacts())
                .input("test", preprocess.output("test"))
                .outputs("evaluation")
                .propertyFile(evaluationReport)
                .build();

        RegisterModelStep register = RegisterModelStep.builder("RegisterAbaloneModel")
                .container("preprocessor", preprocess.output("model"))
                .container("xgboost", train.modelArtifacts())
                .metrics(evaluate.output("evaluation"), "evaluation.json")
                .approvalStatus(modelApprovalStatus)
                .build();

        ConditionStep checkMse = ConditionStep.builder("CheckMSEAbaloneEvaluation")
                .condition(Condition.lessThanOrEqualTo(
                        JsonGet.of(evaluate, evaluationReport, "regression_metrics.mse.value"), 6.0))
                .ifSteps(register)
                .build();

        return MlPipeline.builder(settings.pipelineName())
                .parameters(processingInstanceCount, processingInstanceType, trainingInstanceType,
                        modelApprovalStatus, inputData)
                .steps(preprocess, train, evaluate, checkMse)
                .build();
    }
}
