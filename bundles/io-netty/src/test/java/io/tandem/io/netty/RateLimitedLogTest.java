package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of the same failure is a line per interval that counts what it left out, each line a single line. */
class RateLimitedLogTest {

    @Test
    void writesOneLinePerIntervalAndCountsTheRest() {
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class),
                Duration.ofMillis(300));
        IllegalStateException cause = new IllegalStateException("no route");

        List<String> lines = CapturedLog.linesOf(() -> {
            for (int i = 0; i < 10_000; i++) {
                log.warn("reply send failed destination=192.0.2.9:68", cause);
            }
            sleep(Duration.ofMillis(350));
            log.warn("reply send failed destination=192.0.2.9:68", new CompletionException(cause));
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("reply send failed destination=192.0.2.9:68"
                + " cause=\"java.lang.IllegalStateException: no route\" suppressedSinceLast=0");
        assertThat(lines.get(1)).endsWith("cause=\"java.lang.IllegalStateException: no route\""
                + " suppressedSinceLast=9999");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
