package io.tandem.io.netty;

import io.tandem.api.ConfigurationRejectedException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A validated {@link ServerConfig}: the interfaces to serve (each existing now) and the ports. Equal settings mean
 * an unchanged configuration, so a Config Admin update that changes nothing keeps the sockets open.
 */
record ServerSettings(List<String> interfaces, int port, int clientPort, int relayPort, int maxPendingRequests,
        int receiveBufferBytes) {

    /** The settings under their configuration keys, as {@code dhcp:config} shows them. */
    Map<String, String> inEffect() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("interfaces", String.join(", ", interfaces));
        settings.put("port", Integer.toString(port));
        settings.put("clientPort", Integer.toString(clientPort));
        settings.put("relayPort", Integer.toString(relayPort));
        settings.put("maxPendingRequests", Integer.toString(maxPendingRequests));
        settings.put("receiveBufferBytes", Integer.toString(receiveBufferBytes));
        return settings;
    }

    static final String PID = "io.tandem.server";

    ServerSettings {
        interfaces = List.copyOf(interfaces);
    }

    /**
     * Validates {@code config}; the first bad value is reported with its key and why.
     *
     * @param mustExist the interface names that must exist right now; the others may appear later (retried)
     */
    static ServerSettings from(ServerConfig config, Predicate<String> mustExist) throws ConfigurationRejectedException {
        return new ServerSettings(interfaceNames(config.interfaces(), mustExist), checkPort("port", config.port()),
                checkPort("clientPort", config.clientPort()), checkPort("relayPort", config.relayPort()),
                checkPositive("maxPendingRequests", config.maxPendingRequests()),
                checkPositive("receiveBufferBytes", config.receiveBufferBytes()));
    }

    /** The named interfaces, in order, without duplicates; a value may hold several names (a .cfg line "eth1, eth2"). */
    private static List<String> interfaceNames(String[] values, Predicate<String> mustExist)
            throws ConfigurationRejectedException {
        Set<String> names = new LinkedHashSet<>();
        for (String value : values == null ? new String[0] : values) {
            for (String name : value.split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            throw rejected("interfaces", "no interface named; nothing would be served");
        }
        for (String name : names) {
            if (mustExist.test(name) && !exists(name)) {
                throw rejected("interfaces", "no network interface named " + name
                        + " (a change may only add an interface that exists)");
            }
        }
        return new ArrayList<>(names);
    }

    private static boolean exists(String name) throws ConfigurationRejectedException {
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException e) {
            throw rejected("interfaces", "cannot look up interface " + name + ": " + e.getMessage());
        }
    }

    private static int checkPort(String key, int port) throws ConfigurationRejectedException {
        if (port < 1 || port > 65_535) {
            throw rejected(key, "port " + port + " is outside 1-65535");
        }
        return port;
    }

    private static int checkPositive(String key, int value) throws ConfigurationRejectedException {
        if (value < 1) {
            throw rejected(key, value + " must be at least 1");
        }
        return value;
    }

    private static ConfigurationRejectedException rejected(String key, String reason) {
        return new ConfigurationRejectedException(PID, null, key, reason);
    }
}
