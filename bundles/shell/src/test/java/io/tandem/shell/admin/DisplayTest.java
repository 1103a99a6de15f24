package io.tandem.shell.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.Lease;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DisplayTest {

    @Test
    void timesCarryTheirOffsetAndStopAtTheSecond() {
        Instant withNanos = Instant.parse("2026-11-24T08:00:00.123456789Z");
        assertThat(new Display(ZoneOffset.UTC).time(withNanos)).isEqualTo("2026-11-24T08:00:00Z");
        assertThat(new Display(ZoneId.of("Europe/Berlin")).time(withNanos)).isEqualTo("2026-11-24T09:00:00+01:00");
        assertThat(new Display(ZoneOffset.UTC).time(Lease.UNSET)).isEqualTo(Display.NONE);
    }
}
