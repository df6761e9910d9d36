package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL_RULE = "{\"source\":[\"aws.sagemaker\"],\"detail-type\":[\"SageMaker Model Package State Change\"],"
            + "\"detail\":{\"ModelPackageGroupName\":[\"abalone-p-1\"],\"ModelApprovalStatus\":[{\"anything-but\":[\"PendingManualApproval\"]}]}}";

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static JsonNode event(String group, String status) throws Exception {
        return json("{\"source\":\"aws.sagemaker\",\"detail-type\":\"SageMaker Model Package State Change\",\"detail\":"
                + "{\"ModelPackageGroupName\":\"" + group + "\",\"ModelApprovalStatus\":\"" + status + "\"}}");
    }

    @Test
    void theModelRule_firesOnApprovalAndRejection_notOnPending_norForAnotherGroup() throws Exception {
        JsonNode rule = json(MODEL_RULE);
        assertThat(EventPattern.matches(rule, event("abalone-p-1", "Approved"))).isTrue();
        assertThat(EventPattern.matches(rule, event("abalone-p-1", "Rejected"))).isTrue();
        assertThat(EventPattern.matches(rule, event("abalone-p-1", "PendingManualApproval"))).isFalse();
        assertThat(EventPattern.matches(rule, event("other-p-2", "Approved"))).isFalse();
    }

    @Test
    void prefixAndExists_andAMissingField() throws Exception {
        JsonNode rule = json("{\"detail\":{\"referenceName\":[{\"prefix\":\"ma\"}],\"commitId\":[{\"exists\":true}]}}");
        assertThat(EventPattern.matches(rule, json("{\"detail\":{\"referenceName\":\"main\",\"commitId\":\"abc\"}}"))).isTrue();
        assertThat(EventPattern.matches(rule, json("{\"detail\":{\"referenceName\":\"main\"}}"))).isFalse();
        assertThat(EventPattern.matches(rule, json("{\"detail\":{\"referenceName\":\"dev\",\"commitId\":\"abc\"}}"))).isFalse();
        assertThat(EventPattern.matches(rule, json("{}"))).isFalse();
    }

    @Test
    void anUnknownFilter_isAnError() throws Exception {
        assertThatThrownBy(() -> EventPattern.matches(json("{\"a\":[{\"numeric\":[\">\",1]}]}"), json("{\"a\":2}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not simulated");
    }
}
