/**
 * The connection to third-party Git repositories (internal): {@link dev.mlops.aws.internal.connections.CodeConnections}
 * reads an AWS CodeConnections (formerly CodeStar Connections) connection's status and tags, which the preflight checks
 * before a project over GitHub, Bitbucket or GitLab repositories is created.
 */
package dev.mlops.aws.internal.connections;
