package io.tandem.shell.testing;

import io.tandem.api.PoolUsage;
import io.tandem.api.TrafficSnapshot;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.shell.admin.Display;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small served network the shell and JMX tests read: two subnets, an active lease with a client identifier and
 * host name, an offer, an expired lease, and a laptop (one MAC) with leases in both subnets.
 */
public final class Fixtures {

    /** Times display in UTC in tests, so expected text does not depend on the machine's zone. */
    public static final Display UTC = new Display(ZoneOffset.UTC);

    public static final Subnet OFFICE = Subnet.parse("192.0.2.0/24", List.of(PoolRange.parse("192.0.2.10-192.0.2.20")));
    public static final Subnet LAB = Subnet.parse("198.51.100.0/24",
            List.of(PoolRange.parse("198.51.100.100-198.51.100.199")));

    public static final HardwareAddress PRINTER_MAC = HardwareAddress.parseEthernet("52:54:00:00:00:01");
    public static final HardwareAddress PHONE_MAC = HardwareAddress.parseEthernet("52:54:00:00:00:02");
    public static final HardwareAddress LAPTOP_MAC = HardwareAddress.parseEthernet("52:54:00:00:00:03");
    public static final ClientId PRINTER_ID = ClientId.fromClientIdentifier(HexFormat.of().parseHex("01525400000001"));

    public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private Fixtures() {
    }

    public static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    /** 192.0.2.10 printer ACTIVE, .11 phone OFFERED, .12 laptop EXPIRED, .13 FREE; 198.51.100.100 laptop ACTIVE. */
    public static FakeServer server() {
        return new FakeServer()
                .serve(OFFICE)
                .serve(LAB)
                .lease(Lease.builder(ip("192.0.2.12")).state(BindingState.EXPIRED)
                        .client(ClientId.fromHardware(LAPTOP_MAC)).hardware(LAPTOP_MAC)
                        .start(START.minus(Duration.ofDays(1))).end(START).cltt(START.minus(Duration.ofDays(1)))
                        .build())
                .lease(Lease.builder(ip("192.0.2.10")).state(BindingState.ACTIVE)
                        .client(PRINTER_ID).hardware(PRINTER_MAC).hostname("printer")
                        .start(START).end(START.plus(Duration.ofHours(12))).cltt(START)
                        .tstp(START.plus(Duration.ofHours(12))).relayAgentInfo(new byte[] {1, 2, 0, 7})
                        .build())
                .lease(Lease.builder(ip("192.0.2.11")).state(BindingState.OFFERED)
                        .client(ClientId.fromHardware(PHONE_MAC)).hardware(PHONE_MAC)
                        .start(START).end(START.plusSeconds(30)).build())
                .lease(Lease.free(ip("192.0.2.13")))
                .lease(Lease.builder(ip("198.51.100.100")).state(BindingState.ACTIVE)
                        .client(ClientId.fromHardware(LAPTOP_MAC)).hardware(LAPTOP_MAC).hostname("laptop")
                        .start(START).end(START.plus(Duration.ofHours(1))).cltt(START)
                        .build())
                .pool(new PoolUsage(OFFICE, 11, 8, 1, 1, 1, 2))
                .pool(new PoolUsage(LAB, 100, 99, 0, 1, 0, 0));
    }

    /** 3 DISCOVERs, 2 REQUESTs; 3 OFFERs, 2 ACKs; 1 drop; latencies in microseconds. */
    public static TrafficSnapshot traffic() {
        return new TrafficSnapshot(
                Instant.parse("2026-11-24T08:00:00Z"),
                new TreeMap<>(Map.of("DHCPDISCOVER", 3L, "DHCPREQUEST", 2L)),
                new TreeMap<>(Map.of("DHCPOFFER", 3L, "DHCPACK", 2L)),
                new TreeMap<>(Map.of("malformed: truncated", 1L)),
                new TrafficSnapshot.Latency(5, Duration.ofNanos(420_000), Duration.ofNanos(900_000),
                        Duration.ofMillis(2), Duration.ofMillis(3), Duration.ofNanos(3_250_000)));
    }
}
