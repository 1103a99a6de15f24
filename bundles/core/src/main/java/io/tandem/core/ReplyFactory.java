package io.tandem.core;

import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import io.tandem.protocol.OptionCode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds replies: OFFER and ACK with the subnet's options merged with what the client asked for, INFORM's ACK
 * without lease times, and NAK. The encoder orders options and fits them to the client's size limit.
 */
final class ReplyFactory {

    private ReplyFactory() {
    }

    /** A DHCPOFFER or DHCPACK granting {@code address} for {@code leaseSeconds}. */
    static DhcpMessage lease(Exchange exchange, MessageType type, Ipv4Address address, long leaseSeconds) {
        var times = exchange.served().settings().leaseTimes();
        DhcpMessage.Builder reply = DhcpMessage.replyTo(exchange.request())
                .messageType(type)
                .yiaddr(address)
                .serverIdentifier(exchange.link().address())
                .leaseTime(leaseSeconds)
                .renewalTime(times.t1(leaseSeconds))
                .rebindingTime(times.t2(leaseSeconds));
        if (type.equals(MessageType.ACK)) {
            reply.ciaddr(exchange.request().ciaddr());
        }
        return withSubnetOptions(exchange, reply).build();
    }

    /** The DHCPACK to a DHCPINFORM: configuration only, no address and no lease times (RFC 2131 §3.4). */
    static DhcpMessage inform(Exchange exchange) {
        DhcpMessage.Builder reply = DhcpMessage.replyTo(exchange.request())
                .messageType(MessageType.ACK)
                .ciaddr(exchange.request().ciaddr())
                .serverIdentifier(exchange.link().address());
        return withSubnetOptions(exchange, reply).build();
    }

    /** A DHCPNAK; through a relay it carries the broadcast flag, as the relay cannot reach the client otherwise. */
    static DhcpMessage nak(Exchange exchange, String why) {
        DhcpMessage.Builder reply = DhcpMessage.replyTo(exchange.request())
                .messageType(MessageType.NAK)
                .serverIdentifier(exchange.link().address())
                .option(OptionCode.MESSAGE, why.getBytes(StandardCharsets.US_ASCII));
        if (!exchange.request().giaddr().isAny()) {
            reply.broadcast(true);
        }
        return reply.build();
    }

    private static DhcpMessage.Builder withSubnetOptions(Exchange exchange, DhcpMessage.Builder reply) {
        SubnetSettings settings = exchange.served().settings();
        List<OptionCode> asked = exchange.request().parameterRequestList();
        reply.subnetMask(settings.subnet().mask());
        if (wants(asked, OptionCode.ROUTER) && !settings.routers().isEmpty()) {
            reply.routers(settings.routers());
        }
        if (wants(asked, OptionCode.DOMAIN_NAME_SERVER) && !settings.dnsServers().isEmpty()) {
            reply.domainNameServers(settings.dnsServers());
        }
        if (wants(asked, OptionCode.DOMAIN_NAME)) {
            settings.domainName().ifPresent(reply::domainName);
        }
        if (wants(asked, OptionCode.BROADCAST_ADDRESS)) {
            reply.broadcastAddress(settings.subnet().broadcast());
        }
        if (wants(asked, OptionCode.NTP_SERVERS) && !settings.ntpServers().isEmpty()) {
            reply.ntpServers(settings.ntpServers());
        }
        if (wants(asked, OptionCode.DOMAIN_SEARCH) && !settings.domainSearch().isEmpty()) {
            reply.domainSearch(settings.domainSearch());
        }
        if (wants(asked, OptionCode.CLASSLESS_STATIC_ROUTE) && !settings.classlessRoutes().isEmpty()) {
            reply.classlessStaticRoutes(settings.classlessRoutes());
        }
        return reply;
    }

    /** A client that sends no parameter request list gets every configured option. */
    private static boolean wants(List<OptionCode> asked, OptionCode code) {
        return asked.isEmpty() || asked.contains(code);
    }
}
