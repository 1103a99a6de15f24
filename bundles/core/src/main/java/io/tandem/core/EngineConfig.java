package io.tandem.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Server-wide engine settings, PID {@value EngineComponent#PID} ({@code etc/io.tandem.engine.cfg}). */
@ObjectClassDefinition(name = "Tandem engine", description = "How long offers and declined addresses are held.")
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
}
