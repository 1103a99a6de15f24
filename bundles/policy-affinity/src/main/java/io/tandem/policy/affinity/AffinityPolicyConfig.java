package io.tandem.policy.affinity;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the affinity policy, PID {@code io.tandem.policy.affinity}. Its only setting is the service
 * ranking, which decides whether core uses this policy or another installed one (the highest ranking wins).
 */
@ObjectClassDefinition(
        id = AffinityPolicy.PID,
        name = "Tandem allocation policy: client affinity",
        description = "A returning client gets its previous address back, a new client the longest-free address.")
public @interface AffinityPolicyConfig {

    @AttributeDefinition(
            name = "Service ranking",
            description = "Core uses the AllocationPolicy with the highest ranking. OSGi ignores a ranking that is"
                    + " not an Integer, so set it as a typed value (service.ranking = I\"200\" in a .config file).",
            type = AttributeType.INTEGER)
    int service_ranking() default AffinityPolicy.DEFAULT_RANKING;
}
