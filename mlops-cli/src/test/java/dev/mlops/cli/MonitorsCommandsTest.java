package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitors baseline} offline; {@code monitors list|check|reports} on a project with the monitor template. */
class MonitorsCommandsTest {
    @TempDir
    Path home;

    private static List<String> abalone() throws Exception {
        try (InputStream in = MonitorsCommandsTest.class.getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void baseline_writesModelMonitorsStatisticsAndConstraints() throws Exception {
        Path data = Files.write(home.resolve("abalone.csv"), abalone());
        Path out = home.resolve("baseline");
        Cli.Run r = Cli.raw("--json", "monitors", "baseline", data.toString(), "--no-header", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("items").asLong()).isEqualTo(4177);
        assertThat(doc.path("features")).hasSize(9);
        assertThat(doc.path("features").get(0).path("name").asText()).isEqualTo("_c0");
        ObjectMapper m = new ObjectMapper();
        JsonNode stats = m.readTree(out.resolve("statistics.json").toFile());
        assertThat(stats.path("dataset").path("item_count").asLong()).isEqualTo(4177);
        JsonNode constraints = m.readTree(out.resolve("constraints.json").toFile());
        assertThat(constraints.path("features")).hasSize(9);
        assertThat(constraints.path("monitoring_config").isObject()).isTrue();

        Cli.Run missing = Cli.raw("monitors", "baseline", home.resolve("none.csv").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void listCheckReports_onTheStagingDataQualitySchedule() throws Exception {
        Cli cli = new Cli(home);
        String p = "mon";
        assertThat(cli.run("create", "-p", p, "--template", "model-building-training-deployment-monitoring").code()).isZero();
        assertThat(cli.run("pipelines", "await", "build", "-p", p).code()).isZero();
        assertThat(cli.run("models", "approve", "--pending", "-p", p).code()).isZero();
        assertThat(cli.run("endpoints", "await", "staging", "-p", p).code()).isZero();
        String schedule = p + "-staging-data-quality";
        // The monitor pipeline deploys the staging schedules once staging is in service; a process must lead meanwhile.
        try (Project project = MlopsProjects.open(p, home)) {
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (project.monitors().schedules().stream().noneMatch(s -> s.name().equals(schedule))) {
                assertThat(System.nanoTime()).as("the schedule " + schedule + " in time").isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        JsonNode schedules = cli.run("--json", "monitors", "list", "-p", p).json();
        assertThat(schedules.path("schedules")).extracting(s -> s.path("name").asText()).contains(schedule);

        Cli.Run normal = cli.run("--json", "monitors", "check", schedule, "-p", p, "--fail-on-violations");
        assertThat(normal.code()).as(normal.toString()).isZero();
        JsonNode execution = normal.json().path("execution");
        assertThat(execution.path("status").asText()).isEqualTo("Completed");
        assertThat(execution.path("schedule").asText()).isEqualTo(schedule);

        // shifted traffic: lengths and diameters tripled
        StringBuilder shifted = new StringBuilder();
        for (String row : abalone().subList(0, 300)) {
            String[] f = row.substring(0, row.lastIndexOf(',')).split(",");
            f[1] = String.format(Locale.ROOT, "%.4f", Double.parseDouble(f[1]) * 3);
            f[2] = String.format(Locale.ROOT, "%.4f", Double.parseDouble(f[2]) * 3);
            shifted.append(String.join(",", f)).append('\n');
        }
        assertThat(cli.runWithInput(shifted.toString(), false, "endpoints", "invoke", "staging", "-p", p).code()).isZero();
        Cli.Run drift = cli.run("--json", "monitors", "check", schedule, "-p", p, "--fail-on-violations");
        assertThat(drift.code()).as(drift.toString()).isEqualTo(ExitCodes.VIOLATIONS);
        assertThat(drift.json().path("execution").path("violations").asInt()).isPositive();
        assertThat(drift.json().path("violations").get(0).path("constraint_check_type").asText()).isNotBlank();
        Cli.Run text = cli.run("monitors", "check", schedule, "-p", p);
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("Monitoring execution").contains(schedule);

        JsonNode runs = cli.run("--json", "monitors", "reports", schedule, "-p", p).json();
        assertThat(runs.path("executions").size()).isGreaterThanOrEqualTo(3);
        JsonNode files = cli.run("--json", "monitors", "reports", schedule, "-p", p, "--execution",
                drift.json().path("execution").path("id").asText()).json();
        assertThat(files.path("files")).extracting(JsonNode::asText).contains("constraint_violations.json", "statistics.json");
        Cli.Run report = cli.run("monitors", "reports", schedule, "-p", p, "--execution",
                drift.json().path("execution").path("id").asText(), "--file", "constraint_violations.json");
        assertThat(report.code()).isZero();
        assertThat(new ObjectMapper().readTree(report.out()).path("violations").size()).isPositive();

        assertThat(cli.run("monitors", "check", "nope-data-quality", "-p", p).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("monitors", "reports", schedule, "-p", p, "--latest", "--file", "nope.json").code())
                .isEqualTo(ExitCodes.NOT_FOUND);
    }
}
