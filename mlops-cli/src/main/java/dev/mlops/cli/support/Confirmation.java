package dev.mlops.cli.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Asks a person to confirm a destructive command by typing an expected word. */
public final class Confirmation {
    private final BufferedReader in;
    private final PrintStream prompt;

    /**
     * Creates a prompt.
     *
     * @param in where the answer is read
     * @param prompt where the question is printed (standard error, so standard output stays for results)
     */
    public Confirmation(InputStream in, PrintStream prompt) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.prompt = prompt;
    }

    /**
     * Asks, and reads one line.
     *
     * @param question the question
     * @param expected the answer that confirms (compared after trimming)
     * @return whether the answer was the expected one
     */
    public boolean confirm(String question, String expected) {
        prompt.print(question);
        prompt.flush();
        try {
            String line = in.readLine();
            return line != null && line.trim().equals(expected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the confirmation", e);
        }
    }

    @Override
    public String toString() {
        return "Confirmation";
    }
}
