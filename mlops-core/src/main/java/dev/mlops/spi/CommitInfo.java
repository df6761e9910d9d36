package dev.mlops.spi;

import dev.mlops.exception.ValidationException;

/**
 * One commit of a repository, as {@link SourceRepositories#head} reports it.
 *
 * @param id the commit's id (a git SHA on every host so far)
 * @param message its message; empty if the host reports none
 */
public record CommitInfo(String id, String message) {

    /**
     * Checks the commit.
     *
     * @throws ValidationException if the id is blank
     *
     * @param id the commit's id (a git SHA on every host so far)
     * @param message its message; empty if the host reports none
     */
    public CommitInfo {
        if (id == null || id.isBlank()) {
            throw new ValidationException("CommitInfo.id", id, "a commit id, not blank");
        }
        message = message == null ? "" : message;
    }

    /**
     * The first line of the message, as {@code git log --oneline} shows it.
     *
     * @return the subject line
     */
    public String subject() {
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
