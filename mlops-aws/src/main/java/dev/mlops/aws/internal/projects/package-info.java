/**
 * The SageMaker project store (internal). Decisions:
 * <ul>
 *   <li><b>Provisioning.</b> A project is a SageMaker project whose stack SageMaker provisions from the rendered
 *       CloudFormation template in S3 ({@code CreateProject} with a {@code CfnTemplateProvider}: the template's https
 *       URL and the launch role), or, when the backend is built with
 *       {@code provisionThroughServiceCatalog()}/{@code serviceCatalogProduct(…)}, from the template's Service Catalog
 *       product ({@code ServiceCatalogProvisioningDetails}). SageMaker assigns the id.</li>
 *   <li><b>The template bucket.</b> {@code sagemaker-<region>-<account>}, made if missing with SSE-S3, every public
 *       access blocked and a TLS-only policy; an existing bucket is used as it is. Stacks and seed archives are
 *       content-addressed, so an unchanged template uploads nothing.</li>
 *   <li><b>The stored template.</b> {@code TemplateCodec} JSON under {@code mlops-projects/<name>/templates/<sha256>.json};
 *       the project's tags {@code mlops:template} and {@code mlops:stack} name the digests it was created from (so a
 *       creation interrupted right after {@code CreateProject} can be reopened), and {@code <id>/state.json} names
 *       the current ones. A project without these tags was not made by this SDK: it is neither listed nor found, and
 *       creating one of its name is a {@code ConflictException}.</li>
 *   <li><b>Events.</b> SageMaker keeps no feed of a project's life, so the store writes its own journal
 *       ({@code ProjectCreated} once, by a conditional write, and {@code ProjectUpdated}) in the bucket. The stack's
 *       events go to the creation's listener as they happen; an update's go to the DEBUG log.</li>
 *   <li><b>Activation</b> is the conditional write of {@code ProjectCreated}; {@code isActive} reads it back.</li>
 *   <li><b>Idempotency.</b> {@code CreateProject} takes no client token: a create that finds the name taken
 *       ({@code ValidationException … already exists} or {@code ResourceInUse}) describes the project and follows it
 *       on if it is ours. A project whose stack failed is reported with its first failing resource; delete it and
 *       create it again.</li>
 *   <li><b>Updates</b> compare the re-rendered stack's and the template's digests with the stored ones first: an
 *       unchanged project makes no call that changes anything.</li>
 *   <li><b>Deletion</b> deletes the SageMaker project, then what the originals leave behind: the endpoint stacks
 *       {@code sagemaker-<name>-<id>-deploy-<environment>} and the retained artifact bucket
 *       {@code sagemaker-project-<id>}, emptied of every object version first, and last the store's own objects.</li>
 * </ul>
 */
package dev.mlops.aws.internal.projects;
