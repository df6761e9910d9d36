package dev.mlops.jenkins;

/**
 * A piece of a build's console log from {@code logText/progressiveText}.
 *
 * @param text the log text from the requested offset
 * @param nextOffset where the next call starts ({@code X-Text-Size})
 * @param more whether the build is still writing ({@code X-More-Data: true})
 */
public record ConsoleChunk(String text, long nextOffset, boolean more) {
}
