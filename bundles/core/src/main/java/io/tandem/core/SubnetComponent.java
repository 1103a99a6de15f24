package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.ConfigurationProblem;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code io.tandem.subnet} factory configuration, parsed. A refused change is logged with PID, name, key and
 * reason, and the last good settings stay this configuration's settings; a subnet whose first configuration is
 * refused has none. Whether they are served is the engine's decision ({@link SubnetArbiter}).
 */
@Component(service = SubnetComponent.class, configurationPid = SubnetComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SubnetConfig.class, factory = true)
public final class SubnetComponent {

    static final String FACTORY_PID = "io.tandem.subnet";
    private static final Logger LOG = LoggerFactory.getLogger(SubnetComponent.class);

    private volatile String pid = FACTORY_PID;
    private volatile Optional<SubnetSettings> settings = Optional.empty();
    private volatile Optional<ConfigurationProblem> problem = Optional.empty();
    private volatile Runnable onChange = () -> { };

    @Activate
    void activate(Map<String, Object> properties) {
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
        onChange.run();
    }

    private void apply(Map<String, Object> properties) {
        pid = String.valueOf(properties.getOrDefault("service.pid", FACTORY_PID));
        try {
            SubnetSettings parsed = SubnetSettingsParser.parse(pid, properties);
            settings = Optional.of(parsed);
            problem = Optional.empty();
        } catch (ConfigurationRejectedException e) {
            problem = Optional.of(e.problem());
            String keeping = settings.map(last -> " serving=last-good subnet=" + last.subnet()).orElse(" serving=nothing");
            LOG.error(e.getMessage() + keeping);
        }
    }

    /** The PID of this configuration. */
    String pid() {
        return pid;
    }

    /** The settings being served: the last good ones. */
    Optional<SubnetSettings> settings() {
        return settings;
    }

    /** Why the latest configuration was refused, if it was. */
    Optional<ConfigurationProblem> problem() {
        return problem;
    }

    /** Calls {@code listener} after every configuration change. */
    void watch(Runnable listener) {
        this.onChange = listener;
    }
}
