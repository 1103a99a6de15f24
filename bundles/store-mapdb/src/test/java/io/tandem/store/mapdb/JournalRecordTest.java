package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.Lease;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A writer's reused encoder gives every record exactly the bytes a fresh one would, whatever came before it. */
class JournalRecordTest {

    @Test
    void reusedEncoderWritesWhatAFreshOneWrites() {
        Random random = new Random(42);
        JournalRecord.Encoder encoder = new JournalRecord.Encoder();
        for (long sequence = 1; sequence <= 300; sequence++) {
            // Mostly small records, some over the kept buffers' size (64 blocks), in random order: a small record
            // after a large one must not carry the large one's bytes in its padding.
            int count = random.nextInt(10) == 0 ? 2_000 + random.nextInt(3_000) : 1 + random.nextInt(40);
            List<Lease> leases = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int n = random.nextInt(60_000);
                leases.add(active("10.1." + (n >> 8) + "." + (n & 0xff), client(n)));
            }
            JournalRecord record = new JournalRecord(sequence, leases);
            ByteBuffer fresh = record.encode();
            ByteBuffer reused = record.encode(encoder);
            assertThat(reused).as("record %d of %d leases", sequence, count).isEqualTo(fresh);
            assertThat(reused.limit() % JournalRecord.BLOCK_BYTES).isZero();
        }
    }
}
