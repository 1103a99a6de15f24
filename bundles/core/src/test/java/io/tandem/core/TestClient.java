package io.tandem.core;

import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.util.List;

/** Builds the messages a DHCP client sends, one client per hardware address. Public for core's test-jar. */
public final class TestClient {

    private final HardwareAddress mac;
    private int xid;
    private Ipv4Address giaddr = Ipv4Address.ANY;

    public TestClient(int number) {
        this.mac = HardwareAddress.of(HardwareAddress.ETHERNET,
                new byte[] {2, 0, (byte) (number >>> 24), (byte) (number >>> 16), (byte) (number >>> 8), (byte) number});
        this.xid = number * 1000;
    }

    public HardwareAddress mac() {
        return mac;
    }

    /** Sends through a relay at {@code relay} from now on. */
    public TestClient via(Ipv4Address relay) {
        this.giaddr = relay;
        return this;
    }

    private DhcpMessage.Builder base(MessageType type) {
        return DhcpMessage.builder().xid(++xid).chaddr(mac).giaddr(giaddr).messageType(type)
                .parameterRequestList(List.of(OptionCode.SUBNET_MASK, OptionCode.ROUTER, OptionCode.DOMAIN_NAME_SERVER,
                        OptionCode.DOMAIN_NAME));
    }

    public DhcpMessage discover() {
        return base(MessageType.DISCOVER).build();
    }

    public DhcpMessage discoverRequesting(Ipv4Address address) {
        return base(MessageType.DISCOVER).requestedIpAddress(address).build();
    }

    public DhcpMessage select(Ipv4Address address, Ipv4Address server) {
        return base(MessageType.REQUEST).requestedIpAddress(address).serverIdentifier(server).build();
    }

    public DhcpMessage initReboot(Ipv4Address address) {
        return base(MessageType.REQUEST).requestedIpAddress(address).build();
    }

    public DhcpMessage renew(Ipv4Address address) {
        return base(MessageType.REQUEST).ciaddr(address).build();
    }

    public DhcpMessage release(Ipv4Address address, Ipv4Address server) {
        return base(MessageType.RELEASE).ciaddr(address).serverIdentifier(server).build();
    }

    public DhcpMessage decline(Ipv4Address address, Ipv4Address server) {
        return base(MessageType.DECLINE).requestedIpAddress(address).serverIdentifier(server).build();
    }

    public DhcpMessage inform(Ipv4Address address) {
        return base(MessageType.INFORM).ciaddr(address).build();
    }
}
