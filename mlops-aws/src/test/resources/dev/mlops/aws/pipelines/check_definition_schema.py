"""Validates a SageMaker pipeline definition against the published definition JSON schema.

usage: check_definition_schema.py <schema.json> <definition.json>

Prints a JSON list of violations and exits 0. The published schema
(aws-sagemaker-mlops/sagemaker-model-building-pipeline-definition-JSON-schema) predates parts of what the SageMaker
Python SDK itself writes, so four kinds of difference are tolerated, each reported under "tolerated":
  * Std:Join and Std:JsonGet expressions (the schema knows only Get): replaced by a Get before validating;
  * the ProcessingInput/ProcessingOutput member AppManaged, and a processing step's PropertyFiles (which JsonGet reads);
  * the RegisterModel members ModelApprovalStatus and CustomerMetadataProperties;
  * a registered container's ModelDataSource (uncompressed model data: the schema's container is CreateModel's
    ContainerDefinition of before 2023; botocore's CreateModelPackage shape, which the other test checks, has it).
Every other violation is reported under "violations".
"""
import json
import re
import sys

import jsonschema

TOLERATED_MEMBERS = {"AppManaged", "PropertyFiles", "ModelApprovalStatus", "CustomerMetadataProperties",
                     "ModelDataSource"}
STEP_DEFINITIONS = {"Processing": "ProcessingStep", "Training": "TrainingStep", "Condition": "ConditionStep",
                    "RegisterModel": "RegisterModelStep"}


def replace_functions(node, tolerated, path):
    if isinstance(node, dict):
        if len(node) == 1 and next(iter(node)) in ("Std:Join", "Std:JsonGet"):
            tolerated.append({"path": path, "rule": next(iter(node)) + " (the schema knows only Get)"})
            return {"Get": "Placeholder." + next(iter(node))}
        return {k: replace_functions(v, tolerated, path + "/" + k) for k, v in node.items()}
    if isinstance(node, list):
        return [replace_functions(v, tolerated, path + "/" + str(i)) for i, v in enumerate(node)]
    return node


def validate(schema, definition_name, instance, where, violations, tolerated):
    sub = dict(schema["definitions"][definition_name]) if definition_name else {
        k: v for k, v in schema.items() if k != "definitions"}
    sub["definitions"] = schema["definitions"]
    for error in jsonschema.Draft7Validator(sub).iter_errors(instance):
        path = where + "".join("/" + str(p) for p in error.absolute_path)
        extra = re.findall(r"'([^']+)'", error.message) if "Additional properties" in error.message else []
        if extra and set(extra) <= TOLERATED_MEMBERS:
            tolerated.append({"path": path, "rule": "member(s) " + ", ".join(extra) + " unknown to the schema"})
        else:
            violations.append({"path": path, "rule": error.message[:400]})


def check_steps(schema, steps, where, violations, tolerated):
    for i, step in enumerate(steps):
        at = "%s/%d(%s)" % (where, i, step.get("Name"))
        kind = STEP_DEFINITIONS.get(step.get("Type"))
        if kind is None:
            violations.append({"path": at, "rule": "step type %r is not rendered by this SDK" % step.get("Type")})
            continue
        if kind == "ConditionStep":
            args = step.get("Arguments", {})
            shallow = dict(step, Arguments=dict(args, IfSteps=[], ElseSteps=[]))
            validate(schema, kind, shallow, at, violations, tolerated)
            check_steps(schema, args.get("IfSteps", []), at + "/IfSteps", violations, tolerated)
            check_steps(schema, args.get("ElseSteps", []), at + "/ElseSteps", violations, tolerated)
        else:
            validate(schema, kind, step, at, violations, tolerated)


def main():
    schema = json.load(open(sys.argv[1]))
    tolerated, violations = [], []
    definition = replace_functions(json.load(open(sys.argv[2])), tolerated, "")
    validate(schema, None, dict(definition, Steps=[]), "", violations, tolerated)
    check_steps(schema, definition.get("Steps", []), "/Steps", violations, tolerated)
    print(json.dumps({"violations": violations, "tolerated": tolerated}, indent=1))


main()
