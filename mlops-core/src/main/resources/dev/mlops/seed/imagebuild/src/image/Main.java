package image;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image's entry point: a starting point for the project's own processing, training or inference code. It
 * reports the runtime and the SageMaker folders it finds, so a first run shows what the container sees.
 */
public final class Main {
    private Main() {
    }

    /**
     * Reports the runtime and the SageMaker folders.
     *
     * @param args the container's arguments (SageMaker passes {@code train} or {@code serve} to some images)
     */
    public static void main(String[] args) {
        System.out.println("java " + System.getProperty("java.version") + ", arguments " + String.join(" ", args));
        for (String dir : new String[] {"/opt/ml/processing/input", "/opt/ml/input/data", "/opt/ml/model"}) {
            System.out.println(dir + (Files.isDirectory(Path.of(dir)) ? " is present" : " is absent"));
        }
    }
}
