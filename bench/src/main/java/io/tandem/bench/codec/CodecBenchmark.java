package io.tandem.bench.codec;

import io.tandem.protocol.ClasslessRoute;
import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.DhcpDecoder;
import io.tandem.protocol.DhcpEncoder;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.DhcpParseException;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode and encode throughput of the DHCPv4 codec on a dhclient-like DHCPREQUEST and the DHCPACK a server sends
 * back. Run single-threaded ({@code -t 1}) to read operations per second per core; see bench/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.1");

    private byte[] requestBytes;
    private byte[] ackBytes;
    private DhcpMessage request;
    private DhcpMessage ack;

    @Setup
    public void setUp() {
        request = DhcpMessage.builder()
                .xid(0x3903f326)
                .chaddr(HardwareAddress.parseEthernet("02:00:00:00:d1:01"))
                .messageType(MessageType.REQUEST)
                .serverIdentifier(SERVER)
                .requestedIpAddress(Ipv4Address.parse("192.0.2.100"))
                .hostName("tandem-fx")
                .parameterRequestList(codes(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42))
                .clientIdentifier(ClientIdentifier.of(1, new byte[] {2, 0, 0, 0, (byte) 0xd1, 1}))
                .build();
        ack = DhcpMessage.replyTo(request)
                .yiaddr(Ipv4Address.parse("192.0.2.100"))
                .messageType(MessageType.ACK)
                .serverIdentifier(SERVER)
                .leaseTime(3600)
                .renewalTime(1800)
                .rebindingTime(3150)
                .subnetMask(Ipv4Address.parse("255.255.255.0"))
                .routers(List.of(SERVER))
                .domainNameServers(List.of(Ipv4Address.parse("192.0.2.53"), Ipv4Address.parse("192.0.2.54")))
                .domainName("example.org")
                .broadcastAddress(Ipv4Address.parse("192.0.2.255"))
                .domainSearch(List.of("example.org", "lab.example.org"))
                .classlessStaticRoutes(List.of(
                        new ClasslessRoute(Ipv4Address.parse("10.0.0.0"), 8, SERVER),
                        new ClasslessRoute(Ipv4Address.ANY, 0, SERVER)))
                .build();
        requestBytes = DhcpEncoder.encode(request);
        ackBytes = DhcpEncoder.encodeReply(ack, request);
    }

    private static List<OptionCode> codes(int... codes) {
        return java.util.Arrays.stream(codes).mapToObj(OptionCode::valueOf).toList();
    }

    @Benchmark
    public DhcpMessage decodeRequest() throws DhcpParseException {
        return DhcpDecoder.decode(requestBytes);
    }

    @Benchmark
    public DhcpMessage decodeAck() throws DhcpParseException {
        return DhcpDecoder.decode(ackBytes);
    }

    @Benchmark
    public byte[] encodeRequest() {
        return DhcpEncoder.encode(request);
    }

    /** A server's path: PRL ordering and the size check against the client's limit included. */
    @Benchmark
    public byte[] encodeAckAsReply() {
        return DhcpEncoder.encodeReply(ack, request);
    }
}
