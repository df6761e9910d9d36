/**
 * Internals of the Bitbucket components: the HTTP client with retries and a circuit breaker per host, the Cloud and
 * Data Center REST calls, the JGit push, and the safe export of a commit's files. Not an API.
 */
package dev.mlops.git.bitbucket.internal;
