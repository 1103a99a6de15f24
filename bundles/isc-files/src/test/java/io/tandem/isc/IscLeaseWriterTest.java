package io.tandem.isc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.FailoverState;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IscLeaseWriterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");

    @Test
    void writesALeaseAsIscDoes() throws IOException {
        Lease lease = Leases.lease("192.168.77.112", BindingState.ACTIVE, 5)
                .client(IscLeaseFileTest.uid(1, 2, 0, 0, 0, 0, 5))
                .hostname("say \"hi\"")
                .build();

        StringBuilder text = new StringBuilder();
        new IscLeaseWriter(text).lease(lease);

        assertThat(text).contains("""
                lease 192.168.77.112 {
                  starts 2 2026/11/24 18:00:00;
                  ends 2 2026/11/24 18:10:00;
                  tstp 2 2026/11/24 18:15:00;
                  tsfp 2 2026/11/24 18:15:00;
                  atsfp 2 2026/11/24 18:15:00;
                  cltt 2 2026/11/24 18:00:00;
                  binding state active;
                  hardware ethernet 02:00:00:00:00:05;
                  uid "\\001\\002\\000\\000\\000\\000\\005";
                  client-hostname "say \\042hi\\042";
                }
                """);
    }

    @Test
    void theFailoverStateBlockReadsBack() throws IscLeaseFileException, IOException {
        Instant since = Instant.parse("2026-11-28T23:00:00Z");

        StringBuilder text = new StringBuilder();
        new IscLeaseWriter(text)
                .failoverPeer("pair \"one\"", FailoverState.COMMUNICATIONS_INTERRUPTED, since, Duration.ofSeconds(60));

        assertThat(IscLeaseFile.parse(text.toString(), NOW).failoverPeers()).containsExactly(
                new FailoverPeerState("pair \"one\"", Optional.of(FailoverState.COMMUNICATIONS_INTERRUPTED),
                        Optional.of(since), Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(60))));
    }

    /** Whatever a lease holds, the reader gets back what the audit compares. */
    @Test
    void everyLeaseReadsBackAsWritten() throws IscLeaseFileException, IOException {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            List<Lease> leases = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            IscLeaseWriter writer = new IscLeaseWriter(text);
            for (int host = 1; host <= 20; host++) {
                Lease lease = randomLease(random, Ipv4Address.parse("10.0." + round % 256 + "." + host));
                leases.add(lease);
                writer.lease(lease);
            }

            List<Lease> read = IscLeaseFile.parse(text.toString(), NOW).leases();

            assertThat(read).as("seed %d round %d:%n%s", seed, round, text)
                    .containsExactlyElementsOf(leases.stream().map(IscLeaseWriterTest::asRead).toList());
        }
    }

    private static Lease randomLease(Random random, Ipv4Address address) {
        // OFFERED is never stored, so never written.
        List<BindingState> stored = Arrays.stream(BindingState.values()).filter(s -> s != BindingState.OFFERED).toList();
        BindingState state = stored.get(random.nextInt(stored.size()));
        Instant start = randomTime(random);
        Instant end = start.equals(Lease.UNSET) ? randomTime(random) : start.plusSeconds(random.nextInt(86400));
        Lease.Builder lease = Lease.builder(address).state(state)
                .start(start).end(end).tstp(randomTime(random))
                .tsfp(randomTime(random)).atsfp(randomTime(random)).cltt(randomTime(random))
                .relayAgentInfo(random.nextBoolean() ? new byte[] {1, 2, 3, 4} : null)
                .rewind(random.nextBoolean() ? stored.get(random.nextInt(stored.size())) : null);
        byte[] mac = new byte[1 + random.nextInt(HardwareAddress.MAX_LENGTH)];
        random.nextBytes(mac);
        HardwareAddress hardware = HardwareAddress.of(random.nextInt(256), mac);
        int identity = state == BindingState.ABANDONED ? 3 : random.nextInt(state.isBound() ? 3 : 4);
        switch (identity) {
            case 0 -> lease.client(ClientId.fromHardware(hardware)).hardware(hardware);
            case 1 -> lease.client(ClientId.fromHardware(hardware));
            case 2 -> {
                byte[] uid = new byte[2 + random.nextInt(40)];
                random.nextBytes(uid);
                lease.client(ClientId.fromClientIdentifier(uid)).hardware(random.nextBoolean() ? hardware : null);
            }
            default -> {
            }
        }
        if (random.nextBoolean()) {
            StringBuilder name = new StringBuilder();
            for (int i = 1 + random.nextInt(30); i > 0; i--) {
                name.append((char) (1 + random.nextInt(255)));
            }
            lease.hostname(name.toString());
        }
        return lease.build();
    }

    /** Whole seconds that the wire's 32 bits carry, some of them unset. */
    private static Instant randomTime(Random random) {
        return random.nextInt(5) == 0 ? Lease.UNSET : Instant.ofEpochSecond(random.nextLong(0xFFFF_0000L));
    }

    /** What reading the written lease gives: no relay agent information (not written), the hardware a hardware identity carries. */
    private static Lease asRead(Lease written) {
        Lease.Builder read = written.toBuilder().relayAgentInfo(null);
        if (written.hardware() == null && written.client() != null) {
            written.client().hardware().ifPresent(read::hardware);
        }
        return read.build();
    }
}
