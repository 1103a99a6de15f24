package io.tandem.core;

import io.tandem.api.model.Subnet;
import io.tandem.protocol.ClasslessRoute;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One served subnet as configured: its pools, the options its clients get, lease times and reservations.
 * Immutable; a configuration change replaces it whole.
 *
 * @param pid the configuration PID it came from
 * @param name what the operator calls it ({@link ConfigurationNames})
 * @param reservations fixed addresses; a reserved address is never given to anyone else
 */
record SubnetSettings(
        String pid,
        String name,
        Subnet subnet,
        List<Ipv4Address> routers,
        List<Ipv4Address> dnsServers,
        Optional<String> domainName,
        List<String> domainSearch,
        List<Ipv4Address> ntpServers,
        List<ClasslessRoute> classlessRoutes,
        LeaseTimes leaseTimes,
        Reservations reservations) {

    SubnetSettings {
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
        domainSearch = List.copyOf(domainSearch);
        ntpServers = List.copyOf(ntpServers);
        classlessRoutes = List.copyOf(classlessRoutes);
    }

    /**
     * Every setting as served, defaults filled in, under its configuration key and written as in a {@code .cfg}
     * file ({@code -} for none): what {@code dhcp:config} shows and what the log compares to name a change.
     */
    Map<String, String> inEffect() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("subnet", subnet.toString());
        settings.put("pools", listed(subnet.pools()));
        settings.put("routers", listed(routers));
        settings.put("dnsServers", listed(dnsServers));
        settings.put("domainName", domainName.orElse("-"));
        settings.put("domainSearch", listed(domainSearch));
        settings.put("ntpServers", listed(ntpServers));
        List<String> routes = new ArrayList<>();
        classlessRoutes.forEach(route ->
                routes.add(route.destination() + "/" + route.prefixLength() + "=" + route.router()));
        settings.put("classlessRoutes", listed(routes));
        settings.put("leaseTime", Long.toString(leaseTimes.defaultTime()));
        settings.put("minLeaseTime", Long.toString(leaseTimes.minTime()));
        settings.put("maxLeaseTime", Long.toString(leaseTimes.maxTime()));
        settings.put("renewalTime", leaseTimes.renewalTime() == 0 ? "0 (half the lease time)"
                : Long.toString(leaseTimes.renewalTime()));
        settings.put("rebindingTime", leaseTimes.rebindingTime() == 0 ? "0 (7/8 of the lease time)"
                : Long.toString(leaseTimes.rebindingTime()));
        settings.put("reservations", listed(reservations.asEntries()));
        return settings;
    }

    /**
     * The settings that differ from {@code before}, as {@code key old -> new} joined by {@code "; "}; empty when
     * nothing did.
     */
    String changesSince(SubnetSettings before) {
        Map<String, String> old = before.inEffect();
        List<String> changes = new ArrayList<>();
        inEffect().forEach((key, value) -> {
            if (!value.equals(old.get(key))) {
                changes.add(key + " " + old.get(key) + " -> " + value);
            }
        });
        return String.join("; ", changes);
    }

    private static String listed(Collection<?> values) {
        return values.isEmpty() ? "-" : String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
