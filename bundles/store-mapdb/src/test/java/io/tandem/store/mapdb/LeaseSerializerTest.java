package io.tandem.store.mapdb;

import static io.tandem.store.mapdb.TestLeases.active;
import static io.tandem.store.mapdb.TestLeases.client;
import static io.tandem.store.mapdb.TestLeases.hardwareClient;
import static io.tandem.store.mapdb.TestLeases.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;

class LeaseSerializerTest {

    private final LeaseSerializer serializer = new LeaseSerializer();

    @Test
    void roundTripsALeaseWithEveryField() throws IOException {
        Lease lease = active("10.0.0.5", client(1));
        assertThat(roundTrip(lease)).isEqualTo(lease);
    }

    @Test
    void roundTripsMinimalAndUnusualLeases() throws IOException {
        Lease free = Lease.free(ip("10.0.0.6"));
        Lease released = Lease.builder(ip("255.255.255.254")).state(BindingState.RELEASED)
                .client(hardwareClient(3)).start(Instant.parse("1960-01-01T00:00:00Z")).build();
        Lease abandoned = Lease.builder(ip("0.0.0.1")).state(BindingState.ABANDONED)
                .hostname("ä-ünïcode-höst").build();
        for (Lease lease : new Lease[] {free, released, abandoned}) {
            assertThat(roundTrip(lease)).isEqualTo(lease);
        }
    }

    @Test
    void format1LayoutIsStable() throws IOException {
        // Stored files depend on these bytes; a change here needs a new format number, not an edit.
        Lease lease = Lease.builder(ip("10.0.0.1")).state(BindingState.FREE).cltt(Instant.ofEpochSecond(64)).build();
        assertThat(HexFormat.of().formatHex(serialize(lease))).isEqualTo("010a000001010080808080800180");
    }

    @Test
    void theRewindStateIsAFlaggedTrailingByteSoRecordsWrittenBeforeItReadAsUnknown() throws IOException {
        Lease before = Lease.builder(ip("10.0.0.1")).state(BindingState.FREE).cltt(Instant.ofEpochSecond(64)).build();
        Lease with = before.toBuilder().state(BindingState.ACTIVE).client(client(1)).rewind(BindingState.FREE).build();

        assertThat(roundTrip(with)).isEqualTo(with);
        assertThat(roundTrip(before).rewind()).isNull();
        byte[] bytes = serialize(before.toBuilder().rewind(BindingState.BACKUP).build());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("010a000001011080808080800180" + "07");
    }

    @Test
    void refusesAnUnknownFormat() throws IOException {
        byte[] bytes = serialize(Lease.free(ip("10.0.0.1")));
        bytes[0] = 2;
        assertThatThrownBy(() -> serializer.deserialize(new DataInput2.ByteArray(bytes), bytes.length))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 2");
    }

    @Test
    void aTypicalActiveLeaseIsCompact() throws IOException {
        assertThat(serialize(active("10.0.0.5", client(1)))).hasSizeLessThan(80);
    }

    private byte[] serialize(Lease lease) throws IOException {
        DataOutput2 out = new DataOutput2();
        serializer.serialize(out, lease);
        return out.copyBytes();
    }

    private Lease roundTrip(Lease lease) throws IOException {
        byte[] bytes = serialize(lease);
        return serializer.deserialize(new DataInput2.ByteArray(bytes), bytes.length);
    }
}
