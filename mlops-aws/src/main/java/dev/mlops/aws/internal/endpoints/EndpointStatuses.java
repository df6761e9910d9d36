package dev.mlops.aws.internal.endpoints;

/**
 * SageMaker's endpoint statuses in the SPI's five: {@code Creating}, {@code Updating}, {@code InService},
 * {@code Failed} and {@code OutOfService}.
 */
final class EndpointStatuses {
    private EndpointStatuses() {
    }

    /**
     * Maps a status.
     *
     * @param sageMaker {@code EndpointStatus} as SageMaker reports it
     * @return the SPI's status
     */
    static String of(String sageMaker) {
        if (sageMaker == null) {
            return "OutOfService";
        }
        return switch (sageMaker) {
            case "Creating" -> "Creating";
            case "Updating", "SystemUpdating", "RollingBack" -> "Updating";
            case "InService" -> "InService";
            case "Failed", "UpdateRollbackFailed" -> "Failed";
            // OutOfService, Deleting, and statuses newer than this mapping: not serving.
            default -> "OutOfService";
        };
    }
}
