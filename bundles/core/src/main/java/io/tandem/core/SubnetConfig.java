package io.tandem.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One served subnet, factory PID {@value SubnetComponent#FACTORY_PID} ({@code etc/io.tandem.subnet-NAME.cfg}).
 * Times are in seconds. Lists are comma-separated in a {@code .cfg} file.
 */
@ObjectClassDefinition(name = "Tandem subnet", description = "A subnet, its pools, options and reservations.")
@interface SubnetConfig {

    @AttributeDefinition(name = "Subnet", description = "The subnet in CIDR notation, e.g. 192.0.2.0/24.")
    String subnet();

    @AttributeDefinition(name = "Pools",
            description = "Leasable ranges FIRST-LAST inside the subnet, e.g. 192.0.2.100-192.0.2.199.")
    String[] pools() default {};

    @AttributeDefinition(name = "Routers", description = "Routers (option 3).")
    String[] routers() default {};

    @AttributeDefinition(name = "DNS servers", description = "DNS servers (option 6).")
    String[] dnsServers() default {};

    @AttributeDefinition(name = "Domain name", description = "Domain name (option 15).")
    String domainName() default "";

    @AttributeDefinition(name = "Domain search list", description = "Domain search list (option 119).")
    String[] domainSearch() default {};

    @AttributeDefinition(name = "NTP servers", description = "NTP servers (option 42).")
    String[] ntpServers() default {};

    @AttributeDefinition(name = "Classless static routes",
            description = "Classless static routes (option 121) as DESTINATION/PREFIX=ROUTER.")
    String[] classlessRoutes() default {};

    @AttributeDefinition(name = "Lease time (s)",
            description = "Lease time granted when the client asks for none.", min = "60")
    long leaseTime() default 3600;

    @AttributeDefinition(name = "Minimum lease time (s)", description = "Shortest lease time granted.", min = "60")
    long minLeaseTime() default 300;

    @AttributeDefinition(name = "Maximum lease time (s)", description = "Longest lease time granted.", min = "60")
    long maxLeaseTime() default 86_400;

    @AttributeDefinition(name = "Renewal time T1 (s)",
            description = "Renewal time T1 (option 58); 0 means half the lease time.", min = "0")
    long renewalTime() default 0;

    @AttributeDefinition(name = "Rebinding time T2 (s)",
            description = "Rebinding time T2 (option 59); 0 means 7/8 of the lease time.", min = "0")
    long rebindingTime() default 0;

    @AttributeDefinition(name = "Reservations",
            description = "Fixed addresses: MAC=ADDRESS (aa:bb:cc:dd:ee:ff=192.0.2.10) or "
            + "id:HEX=ADDRESS for a client identifier (option 61, type byte included).")
    String[] reservations() default {};
}
