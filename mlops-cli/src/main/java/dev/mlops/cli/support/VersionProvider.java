package dev.mlops.cli.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version {@code mlops --version} prints: the SDK's, from the build, and the Java runtime's. */
public final class VersionProvider implements IVersionProvider {
    /** Creates the provider (picocli does). */
    public VersionProvider() {
    }

    /**
     * The SDK version this command line was built from.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build
     */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/mlops/cli/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"mlops " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
