package dev.mlops.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void factoriesProduceSageMakersForms() {
        assertThat(ScheduleExpression.hourly().text()).isEqualTo("cron(0 * ? * * *)");
        assertThat(ScheduleExpression.daily(0).text()).isEqualTo("cron(0 0 ? * * *)");
        assertThat(ScheduleExpression.everyHours(12, 17).text()).isEqualTo("cron(0 17/12 ? * * *)");
        assertThat(ScheduleExpression.everyHours(6).text()).isEqualTo("cron(0 0/6 ? * * *)");
    }

    @Test
    void hourlyRunsOnTheHourOverThePreviousHour() {
        ScheduleExpression e = ScheduleExpression.hourly();
        assertThat(e.latestAtOrBefore(t("2024-03-05T07:41:12Z"))).isEqualTo(t("2024-03-05T07:00:00Z"));
        assertThat(e.window(t("2024-03-05T07:41:12Z"))).containsExactly(t("2024-03-05T06:00:00Z"), t("2024-03-05T07:00:00Z"));
    }

    @Test
    void dailyAndEveryNHoursWindowsSpanTheGapSinceThePreviousRun() {
        assertThat(ScheduleExpression.daily(5).window(t("2020-02-20T05:10:00Z")))
                .containsExactly(t("2020-02-19T05:00:00Z"), t("2020-02-20T05:00:00Z"));
        assertThat(ScheduleExpression.daily(5).latestAtOrBefore(t("2020-02-20T04:59:59Z"))).isEqualTo(t("2020-02-19T05:00:00Z"));
        // 0/6: 00, 06, 12, 18
        assertThat(ScheduleExpression.parse("cron(0 */6 ? * * *)").window(t("2024-01-01T13:00:00Z")))
                .containsExactly(t("2024-01-01T06:00:00Z"), t("2024-01-01T12:00:00Z"));
        // 17/12 fires at 17 only, so its window is a whole day
        assertThat(ScheduleExpression.everyHours(12, 17).window(t("2024-01-02T17:30:00Z")))
                .containsExactly(t("2024-01-01T17:00:00Z"), t("2024-01-02T17:00:00Z"));
    }

    @Test
    void nowTakesANegativeWindowOfAtMostADay() {
        ScheduleExpression e = ScheduleExpression.parse("NOW", "-PT2H", "-PT0H");
        assertThat(e.isOneOff()).isTrue();
        assertThat(e.window(t("2024-03-05T07:41:12Z"))).containsExactly(t("2024-03-05T05:41:12Z"), t("2024-03-05T07:41:12Z"));
        assertThatThrownBy(() -> ScheduleExpression.parse("NOW")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("DataAnalysisStartTime");
        assertThatThrownBy(() -> ScheduleExpression.parse("NOW", "-PT25H", "-PT0H")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("at most 24 hours");
        assertThatThrownBy(() -> ScheduleExpression.parse("NOW", "PT1H", "PT2H")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> ScheduleExpression.parse("NOW", "one hour", "-PT0H")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ScheduleExpression.now(Duration.ofHours(-1), Duration.ofHours(-2)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("start before the end");
    }

    @Test
    void rejectsFormsSageMakerRejectsNamingTheAcceptedOnes() {
        for (String bad : new String[] {"rate(1 hour)", "cron(5 * ? * * *)", "cron(0 24 ? * * *)", "cron(0 0/0 ? * * *)",
            "cron(0 0/25 ? * * *)", "cron(0 * * * ? *)", "", "cron(0 1-5 ? * * *)"}) {
            assertThatThrownBy(() -> ScheduleExpression.parse(bad)).as(bad).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("ScheduleExpression").hasMessageContaining("cron(0 * ? * * *)");
        }
        assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 * ? * * *)", "-PT1H", "-PT0H"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unless ScheduleExpression is NOW");
    }
}
