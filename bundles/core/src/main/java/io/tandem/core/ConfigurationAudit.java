package io.tandem.core;

import io.tandem.api.ConfigurationProblem;
import io.tandem.api.ConfigurationReport;
import io.tandem.api.SettingsInEffect;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration problems no single bundle can see: keys of a {@code io.tandem.*} configuration that its bundle's
 * metatype does not declare (misspelt or misplaced, so silently unused), and files in {@code etc/} Karaf could not
 * load at all. Checked every {@link #EVERY_SECONDS} seconds, since a file Karaf refuses raises no event; each new
 * problem is logged once.
 */
@Component(service = ConfigurationReport.class, immediate = true)
public final class ConfigurationAudit implements ConfigurationReport {

    static final int EVERY_SECONDS = 2;
    private static final String TANDEM = "io.tandem.";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationAudit.class);

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final MetaTypeService metatypes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Threads.named("tandem-config-audit"));
    private volatile List<ConfigurationProblem> problems = List.of();

    @Activate
    public ConfigurationAudit(BundleContext context, @Reference ConfigurationAdmin configurations,
                              @Reference MetaTypeService metatypes) {
        this.context = context;
        this.configurations = configurations;
        this.metatypes = metatypes;
        timer.scheduleWithFixedDelay(this::check, 0, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    @Override
    public List<SettingsInEffect> inEffect() {
        return List.of();
    }

    private void check() {
        try {
            List<ConfigurationProblem> found = new ArrayList<>();
            Map<String, Set<String>> known = knownKeys();
            Set<String> loadedFiles = new HashSet<>();
            for (Configuration configuration : tandemConfigurations()) {
                Map<String, Object> properties = asMap(configuration);
                ConfigurationNames.fileName(properties).ifPresent(loadedFiles::add);
                String typePid = configuration.getFactoryPid() != null ? configuration.getFactoryPid()
                        : configuration.getPid();
                Set<String> keys = known.get(typePid);
                if (keys != null) {
                    String name = configuration.getFactoryPid() == null ? null
                            : ConfigurationNames.of(typePid, configuration.getPid(), properties);
                    found.addAll(KeyCheck.unknownKeys(configuration.getPid(), name, properties.keySet(), keys));
                }
            }
            String etc = System.getProperty("karaf.etc");
            if (etc != null) {
                found.addAll(EtcFiles.unloadable(Path.of(etc), loadedFiles, Clock.systemUTC().instant()));
            }
            Set<String> before = new HashSet<>(problems.stream().map(ConfigurationProblem::toString).toList());
            found.stream().filter(problem -> !before.contains(problem.toString()))
                    .forEach(problem -> LOG.warn(problem.toString()));
            problems = List.copyOf(new LinkedHashSet<>(found));
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.error("configuration audit failed error=\"" + e + "\"", e);
        }
    }

    private List<Configuration> tandemConfigurations() throws IOException, InvalidSyntaxException {
        Configuration[] all = configurations.listConfigurations(
                "(|(service.pid=" + TANDEM + "*)(service.factoryPid=" + TANDEM + "*))");
        return all == null ? List.of() : List.of(all);
    }

    private Map<String, Set<String>> knownKeys() {
        return knownKeys(context.getBundles(), metatypes);
    }

    /**
     * The keys each Tandem PID and factory PID declares in its bundle's metatype. A bundle being uninstalled or
     * updated while this reads it (Felix then fails inside metatype) is left out: its PIDs go unchecked this round,
     * never reported for keys the audit could not read, and the next audit reads it again.
     */
    static Map<String, Set<String>> knownKeys(Bundle[] bundles, MetaTypeService metatypes) {
        Map<String, Set<String>> known = new HashMap<>();
        for (Bundle bundle : bundles) {
            String symbolicName = bundle.getSymbolicName();
            if (symbolicName == null || !symbolicName.startsWith(TANDEM)) {
                continue;
            }
            try {
                known.putAll(declaredKeys(metatypes.getMetaTypeInformation(bundle)));
            } catch (RuntimeException changing) {
                LOG.debug("configuration audit skipped a bundle it could not read bundle=" + symbolicName
                        + " error=\"" + changing + "\"");
            }
        }
        return known;
    }

    private static Map<String, Set<String>> declaredKeys(MetaTypeInformation information) {
        if (information == null) {
            return Map.of();
        }
        Map<String, Set<String>> declared = new HashMap<>();
        List<String> pids = new ArrayList<>(List.of(information.getPids()));
        pids.addAll(List.of(information.getFactoryPids()));
        for (String pid : pids) {
            ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
            AttributeDefinition[] attributes = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
            Set<String> keys = new HashSet<>();
            for (AttributeDefinition attribute : attributes == null ? new AttributeDefinition[0] : attributes) {
                keys.add(attribute.getID());
            }
            declared.put(pid, keys);
        }
        return declared;
    }

    private static Map<String, Object> asMap(Configuration configuration) {
        Map<String, Object> properties = new HashMap<>();
        if (configuration.getProperties() != null) {
            for (String key : Collections.list(configuration.getProperties().keys())) {
                properties.put(key, configuration.getProperties().get(key));
            }
        }
        return properties;
    }
}
