package dev.mlops.jenkins;

/**
 * An {@code input} step a run is paused on, from {@code /job/X/N/wfapi/pendingInputActions}: an approval gate.
 *
 * @param build the paused build
 * @param id the input's id (the script's {@code input(id: …)} capitalised, or a hash of its message)
 * @param message the question shown to the approver
 * @param proceedText the approve button's caption
 */
public record PendingInput(BuildRef build, String id, String message, String proceedText) {
}
