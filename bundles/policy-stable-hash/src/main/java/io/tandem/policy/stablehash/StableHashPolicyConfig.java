package io.tandem.policy.stablehash;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the stable-hash policy, PID {@code io.tandem.policy.stablehash}. Its only setting is the service
 * ranking, which decides among installed policies while the operator has chosen none ({@code dhcp:policy use}).
 */
@ObjectClassDefinition(
        id = StableHashPolicy.PID,
        name = "Tandem allocation policy: stable hash",
        description = "A new client's address is derived from a hash of its identity, so a device tends to keep it.")
public @interface StableHashPolicyConfig {

    @AttributeDefinition(
            name = "Service ranking",
            description = "Among installed policies the highest ranking serves unless dhcp:policy use chose one.",
            type = AttributeType.INTEGER)
    int service_ranking() default StableHashPolicy.DEFAULT_RANKING;
}
