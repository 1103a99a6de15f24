package io.tandem.failover.link;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How log lines write an address: {@code 127.0.0.2:647}, the same whichever way Java resolved it. */
final class LogText {

    private LogText() {
    }

    static String remote(Channel channel) {
        return address(channel.remoteAddress());
    }

    static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }
}
