package io.tandem.api;

import java.util.List;

/**
 * What one bundle applied from its configuration and what it refused. Every bundle that reads a {@code io.tandem.*}
 * configuration provides one; core gathers them into {@link ServerAdministration} for the shell and JMX, so that an
 * operator finds every problem and every setting in effect in one place. Cheap and thread-safe.
 */
public interface ConfigurationReport {

    /** The problems of this bundle's configuration right now, empty when there are none. */
    List<ConfigurationProblem> problems();

    /** The settings this bundle is running with, one section per configuration it applied. */
    List<SettingsInEffect> inEffect();
}
