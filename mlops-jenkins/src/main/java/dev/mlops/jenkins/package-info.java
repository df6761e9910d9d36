/**
 * The Jenkins orchestrator: a client for Jenkins' remote-access API with the JDK {@link java.net.http.HttpClient}.
 * {@link dev.mlops.jenkins.JenkinsClient} creates or updates folders and pipeline jobs, triggers builds, follows a
 * queue item to its build and reads a build's status. Credentials are a user and an API token held as a
 * {@link dev.mlops.Secret}; CSRF crumbs are fetched, cached and refreshed as Jenkins asks.
 */
package dev.mlops.jenkins;
