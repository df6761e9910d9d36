package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease epoch fences a leader that lost the lead while paused: its writes are refused, not merged. */
class FenceTest {
    @TempDir
    Path home;

    @Test
    void aWriteOfAnOldEpoch_isRefused_andOfTheCurrentOneAccepted() {
        LocalContext ctx = new LocalContext(home, "tester", Duration.ofMillis(50), Duration.ofSeconds(3), Map.of());
        try {
            Fence fence = new Fence(ctx, "p");
            ctx.db().write(tx -> tx.update("INSERT INTO leases(project, owner, expires_at, epoch) VALUES('p', ?, ?, 4)",
                    ctx.processId(), System.currentTimeMillis() + 3000));
            fence.held(4);
            assertThat(ctx.db().<String>read(tx -> fence.refusal(tx, null))).isNull();

            // Another process took over while this one was paused (SIGSTOP, a long GC): epoch 5 is theirs.
            ctx.db().write(tx -> tx.update("UPDATE leases SET owner='other-process', epoch=5 WHERE project='p'"));
            assertThatThrownBy(() -> ctx.db().write(tx -> {
                fence.check(tx, null);
                return null;
            })).isInstanceOf(Fence.Fenced.class).hasMessageContaining("no longer leads project p")
                    .hasMessageContaining("other-process").hasMessageContaining("epoch 4");

            // Even if the lease comes back to this process, an old epoch stays fenced.
            ctx.db().write(tx -> tx.update("UPDATE leases SET owner=?, epoch=6 WHERE project='p'", ctx.processId()));
            assertThat(ctx.db().<String>read(tx -> fence.refusal(tx, null))).contains("epoch 4");
        } finally {
            ctx.close();
        }
    }
}
