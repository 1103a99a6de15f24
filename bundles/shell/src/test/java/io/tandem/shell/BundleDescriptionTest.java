package io.tandem.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.shell.command.BoundAddressCompleter;
import io.tandem.shell.command.LeaseCommand;
import io.tandem.shell.command.LeasesCommand;
import io.tandem.shell.command.PoolsCommand;
import io.tandem.shell.command.ReleaseCommand;
import io.tandem.shell.command.StateCompleter;
import io.tandem.shell.command.StatsCommand;
import io.tandem.shell.command.SubnetCompleter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.junit.jupiter.api.Test;

/**
 * What Karaf reads from the bundle: its shell extender loads the {@code @Service} classes of the packages named by
 * {@code Karaf-Commands} and instantiates them with {@code Class.newInstance()}; SCR reads the generated component
 * XML, and the Aries JMX whiteboard registers the service carrying {@code jmx.objectname}.
 */
class BundleDescriptionTest {

    private static final List<Class<?>> COMMANDS = List.of(LeasesCommand.class, LeaseCommand.class,
            PoolsCommand.class, StatsCommand.class, ReleaseCommand.class);
    private static final List<Class<?>> COMPLETERS = List.of(BoundAddressCompleter.class, SubnetCompleter.class,
            StateCompleter.class);

    private static Manifest manifest() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    @Test
    void karafScansThePackageOfEveryCommandAndCompleter() throws Exception {
        String scanned = manifest().getMainAttributes().getValue("Karaf-Commands");

        assertThat(scanned).isEqualTo(LeasesCommand.class.getPackageName());
        for (Class<?> type : concat(COMMANDS, COMPLETERS)) {
            assertThat(type.getPackageName()).as("package of %s", type).isEqualTo(scanned);
            assertThat(type.isAnnotationPresent(Service.class)).as("%s is a @Service", type).isTrue();
            assertThat(Modifier.isPublic(type.getModifiers())).as("%s is public", type).isTrue();
            assertThat(type.getConstructor()).as("%s has a public no-argument constructor", type).isNotNull();
        }
    }

    @Test
    void commandsAreInScopeDhcp() {
        assertThat(COMMANDS).extracting(type -> type.getAnnotation(Command.class))
                .allSatisfy(command -> assertThat(command.scope()).isEqualTo("dhcp"))
                .extracting(Command::name)
                .containsExactly("leases", "lease", "pools", "stats", "release");
    }

    @Test
    void theMBeanIsAServiceNamedForTheJmxWhiteboard() throws IOException {
        String component = Files.readString(
                Path.of("target/classes/OSGI-INF/io.tandem.shell.jmx.DhcpServerJmx.xml"), StandardCharsets.UTF_8);

        assertThat(component)
                .contains("<provide interface=\"javax.management.DynamicMBean\"/>")
                .contains("<property name=\"jmx.objectname\" type=\"String\" value=\"io.tandem:type=DhcpServer\"/>")
                .contains("interface=\"io.tandem.api.ServerAdministration\"")
                .contains("interface=\"io.tandem.api.TrafficStatistics\"");
    }

    private static List<Class<?>> concat(List<Class<?>> first, List<Class<?>> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
