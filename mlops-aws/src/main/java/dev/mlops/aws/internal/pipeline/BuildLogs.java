package dev.mlops.aws.internal.pipeline;

import dev.mlops.LogChunk;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.exception.ValidationException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;

/**
 * The log of a CodeBuild action, read in chunks: {@code BatchGetBuilds} names the build's CloudWatch Logs group and
 * stream, {@code GetLogEvents} (from the head) returns events after a cursor. The cursor is {@link LogChunk#START} or
 * {@code logs:} and the service's {@code nextForwardToken}, which the service returns unchanged at the end of the
 * stream.
 */
final class BuildLogs {
    /** Events one chunk holds at most. */
    static final int EVENTS_PER_CHUNK = 100;
    private static final String MARK = "logs:";

    private final AwsCalls calls;

    BuildLogs(AwsCalls calls) {
        this.calls = calls;
    }

    /**
     * Reads on from a cursor.
     *
     * @param buildId the build (the action's external execution id)
     * @param actionEnded whether the action has ended, so that the log is complete once read to its end
     * @param cursor {@link LogChunk#START} or a chunk's {@code next}
     * @param ctx details for errors
     * @return the chunk
     */
    LogChunk read(String buildId, boolean actionEnded, String cursor, Map<String, String> ctx) {
        Optional<String> token = token(cursor);
        BatchGetBuildsResponse r = calls.call(AwsService.CODEBUILD, "read build " + buildId, ctx,
                () -> calls.clients().codeBuild().batchGetBuilds(b -> b.ids(buildId)));
        Build build = r.hasBuilds() && !r.builds().isEmpty() ? r.builds().get(0) : null;
        if (build == null || build.logs() == null || build.logs().groupName() == null
                || build.logs().streamName() == null) {
            // No build or no stream yet (the build is queued or provisioning): nothing to read so far.
            boolean over = actionEnded && (build == null || Boolean.TRUE.equals(build.buildComplete()));
            return new LogChunk("", cursor, over);
        }
        boolean buildOver = Boolean.TRUE.equals(build.buildComplete()) && actionEnded;
        String group = build.logs().groupName();
        String stream = build.logs().streamName();
        GetLogEventsResponse events = calls.call(AwsService.LOGS, "read log stream " + group + "/" + stream, ctx,
                () -> calls.clients().logs().getLogEvents(b -> {
                    b.logGroupName(group).logStreamName(stream).startFromHead(true).limit(EVENTS_PER_CHUNK);
                    token.ifPresent(b::nextToken);
                }));
        StringBuilder text = new StringBuilder();
        if (events.hasEvents()) {
            for (OutputLogEvent e : events.events()) {
                String m = e.message() == null ? "" : e.message();
                text.append(m);
                if (!m.endsWith("\n")) {
                    text.append('\n');
                }
            }
        }
        String forward = events.nextForwardToken();
        String next = forward == null || forward.isEmpty() ? cursor : MARK + forward;
        boolean atEnd = text.length() == 0;
        if (atEnd && !cursor.equals(LogChunk.START)) {
            // Nothing new: the cursor stays where it was, as the contract asks.
            next = cursor;
        }
        return new LogChunk(text.toString(), next, buildOver && atEnd);
    }

    private static Optional<String> token(String cursor) {
        if (cursor.equals(LogChunk.START)) {
            return Optional.empty();
        }
        if (!cursor.startsWith(MARK) || cursor.length() == MARK.length()) {
            throw new ValidationException("log cursor", "(" + cursor.length() + " characters)",
                    "LogChunk.START or the next() of a chunk of this stage's log");
        }
        return Optional.of(cursor.substring(MARK.length()));
    }
}
