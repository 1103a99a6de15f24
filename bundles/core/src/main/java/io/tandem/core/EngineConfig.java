package io.tandem.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Server-wide engine settings, PID {@value EngineComponent#PID} ({@code etc/io.tandem.engine.cfg}). */
@ObjectClassDefinition(name = "Tandem engine", description = "How long offers and declined addresses are held, and which allocation policy serves.")
@interface EngineConfig {

    @AttributeDefinition(name = "Offer hold (s)",
            description = "How long an offered address stays reserved for the client it was offered to.", min = "1")
    int offerHoldSeconds() default 30;

    @AttributeDefinition(name = "Decline hold (s)",
            description = "How long an address a client declined (DHCPDECLINE) stays out of the pool.", min = "1")
    int declineHoldSeconds() default 86_400;

    @AttributeDefinition(name = "Workers",
            description = "Threads handling requests; 0 means one per processor.", min = "0")
    int workers() default 0;

    @AttributeDefinition(name = "Allocation policy",
            description = "The name of the allocation policy new clients get their addresses from (dhcp:policy"
                    + " use NAME sets it); empty for the installed policy with the highest service.ranking.",
            required = false)
    String policy() default "";

    @AttributeDefinition(name = "Policy deadline (ms)",
            description = "How long a DISCOVER waits for the allocation policy; then a call that waits on"
                    + " something or has used that much CPU is interrupted and the address free the longest is"
                    + " offered instead. A call that only waits for a CPU (a busy machine) gets up to ten times as"
                    + " long. A newly installed policy gets at least 1 s until its first call returns (it loads its"
                    + " classes).", min = "1", max = "2000")
    int policyDeadlineMillis() default 100;

    @AttributeDefinition(name = "Rehearsal clients",
            description = "At each start, before the DHCP sockets are bound, this many made-up clients are served"
                    + " through the whole request path over a scratch lease store beside the real one, which is"
                    + " deleted after, so that the first real clients meet compiled code; 0 binds at once. Read at"
                    + " the start.", min = "0", max = "1000000")
    int rehearsalClients() default DEFAULT_REHEARSAL_CLIENTS;

    int DEFAULT_REHEARSAL_CLIENTS = 4_000;
}
