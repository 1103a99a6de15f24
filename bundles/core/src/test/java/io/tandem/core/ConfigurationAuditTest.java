package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ConfigurationProblem;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.junit.jupiter.api.io.TempDir;

/** The problems no bundle sees alone: unknown keys (with the key meant) and files Karaf could not load. */
class ConfigurationAuditTest {

    private static final Set<String> SUBNET_KEYS = Set.of("subnet", "pools", "routers", "dnsServers", "domainName",
            "leaseTime", "minLeaseTime", "maxLeaseTime");

    @TempDir
    Path etc;

    @Test
    void an_unknown_key_is_reported_with_the_key_it_most_likely_meant() {
        List<ConfigurationProblem> problems = KeyCheck.unknownKeys("io.tandem.subnet~lan", "lan",
                List.of("subnet", "dnsServer", "leasetime", "colour", "service.pid", "felix.fileinstall.filename"),
                SUBNET_KEYS);

        assertThat(problems).extracting(Object::toString).containsExactlyInAnyOrder(
                "configuration key ignored pid=io.tandem.subnet~lan name=lan key=dnsServer"
                        + " reason=\"unknown key, its value is not used; did you mean dnsServers?\"",
                "configuration key ignored pid=io.tandem.subnet~lan name=lan key=leasetime"
                        + " reason=\"unknown key, its value is not used; did you mean leaseTime?\"",
                "configuration key ignored pid=io.tandem.subnet~lan name=lan key=colour"
                        + " reason=\"unknown key, its value is not used\"");
    }

    @Test
    void a_file_with_keys_differing_only_in_case_is_named_with_both_keys() throws Exception {
        write("io.tandem.subnet-lan.cfg", "subnet = 10.0.0.0/24\nleaseTime = 600\nleasetime = 900\n");

        assertThat(EtcFiles.unloadable(etc, Set.of("io.tandem.subnet-lan.cfg"), Instant.now()))
                .extracting(Object::toString).containsExactly("configuration file not loaded"
                        + " name=io.tandem.subnet-lan.cfg reason=\"keys leaseTime and leasetime differ only in case,"
                        + " which configuration keys cannot; Karaf keeps the file's previous contents in force\"");
    }

    @Test
    void a_file_karaf_never_loaded_is_reported_once_it_had_time_to() throws Exception {
        Path file = write("io.tandem.subnet-odd.cfg", "subnet = 10.0.0.0/24\n");
        write("io.tandem.server.cfg", "interfaces = eth1\n");
        write("org.apache.karaf.shell.cfg", "sshPort = 8101\n");
        Instant now = Instant.now();
        Files.setLastModifiedTime(file, FileTime.from(now));

        assertThat(EtcFiles.unloadable(etc, Set.of("io.tandem.server.cfg"), now)).as("still in its grace").isEmpty();
        assertThat(EtcFiles.unloadable(etc, Set.of("io.tandem.server.cfg"), now.plus(EtcFiles.PICK_UP_GRACE)
                .plusSeconds(1))).extracting(ConfigurationProblem::name).containsExactly("io.tandem.subnet-odd.cfg");
    }

    @Test
    void subnets_are_named_by_file_then_by_name_then_by_pid() {
        assertThat(ConfigurationNames.of("io.tandem.subnet", "io.tandem.subnet.c0f9b9c7-5500",
                java.util.Map.of("felix.fileinstall.filename", "file:/opt/tandem/etc/io.tandem.subnet-lan.cfg")))
                .isEqualTo("lan");
        assertThat(ConfigurationNames.of("io.tandem.subnet", "io.tandem.subnet~guests", java.util.Map.of()))
                .isEqualTo("guests");
        assertThat(ConfigurationNames.of("io.tandem.subnet", "io.tandem.subnet.c0f9b9c7-5500", java.util.Map.of()))
                .isEqualTo("io.tandem.subnet.c0f9b9c7-5500");
    }

    @Test
    void a_bundle_going_away_while_the_audit_reads_it_is_left_out_and_the_others_are_read() {
        Bundle core = bundle("io.tandem.core");
        Bundle leaving = bundle("io.tandem.policy.stablehash");
        MetaTypeService metatypes = proxy(MetaTypeService.class, (self, method, args) -> args[0] == core
                ? metatype("io.tandem.engine", "workers")
                : metatype("io.tandem.policy.stablehash", null));

        assertThat(ConfigurationAudit.knownKeys(new Bundle[] {leaving, core}, metatypes))
                .containsOnlyKeys("io.tandem.engine").containsEntry("io.tandem.engine", Set.of("workers"));
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(ConfigurationAuditTest.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    private static Bundle bundle(String symbolicName) {
        return proxy(Bundle.class, (self, method, args) -> switch (method.getName()) {
            case "getSymbolicName" -> symbolicName;
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** The metatype of one PID with one key, or, for a null key, one whose bundle is uninstalled as it is read. */
    private static MetaTypeInformation metatype(String pid, String key) {
        return proxy(MetaTypeInformation.class, (self, method, args) -> switch (method.getName()) {
            case "getPids" -> new String[] {pid};
            case "getFactoryPids" -> new String[0];
            case "getObjectClassDefinition" -> {
                if (key == null) {
                    // What Felix throws when the bundle's revision is gone under metatype's resource lookup.
                    throw new NullPointerException("BundleImpl.adapt(java.lang.Class) is null");
                }
                yield proxy(ObjectClassDefinition.class, (definition, asked, ignored) ->
                        new AttributeDefinition[] {proxy(AttributeDefinition.class, (attribute, getId, none) -> key)});
            }
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(etc.resolve(name), text, StandardCharsets.UTF_8);
    }
}
