/**
 * Source repositories on Bitbucket: {@link dev.mlops.git.bitbucket.BitbucketCloudRepositories} for
 * bitbucket.org (REST 2.0) and {@link dev.mlops.git.bitbucket.BitbucketDataCenterRepositories} for a Data Center
 * or Server instance (REST 1.0 and a git push). Both make or adopt the project's repositories, check the template's
 * seed code in as one commit on the tracked branch, commit, read heads, export commits and optionally add a webhook
 * with a signing secret. Tokens are {@link dev.mlops.Secret}s and reach no log, message or {@code toString()}.
 */
package dev.mlops.git.bitbucket;
