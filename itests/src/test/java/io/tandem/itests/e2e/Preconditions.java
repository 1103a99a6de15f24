package io.tandem.itests.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the end-to-end tests need from the machine. A missing piece fails the tests with what to install: they are
 * never skipped, so a green build always means real clients were served.
 */
final class Preconditions {

    private Preconditions() {
    }

    /** Fails unless running as root with every command in {@code commands} (command name to Debian package). */
    static void require(Map<String, String> commands) {
        String uid = Shell.ok("id", "-u").trim();
        if (!uid.equals("0")) {
            throw new AssertionError("the end-to-end DHCP tests need root (uid 0, running as uid " + uid + "): they "
                    + "create network namespaces and the servers bind UDP port 67. Run the build as root, "
                    + "or leave out the itests module.");
        }
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        commands.forEach((command, debianPackage) -> {
            if (!Shell.run(List.of("sh", "-c", "command -v " + command)).succeeded()) {
                missing.add(command);
                if (!packages.contains(debianPackage)) {
                    packages.add(debianPackage);
                }
            }
        });
        if (!missing.isEmpty()) {
            throw new AssertionError("the end-to-end DHCP tests need these commands, missing here: " + missing
                    + ". Install them: apt-get install -y " + String.join(" ", packages));
        }
    }

    /** The commands every run needs, whichever server is under test. */
    static Map<String, String> clientTools() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("ip", "iproute2");
        commands.put("ss", "iproute2");
        commands.put("setsid", "util-linux");
        commands.put("dhclient", "isc-dhcp-client");
        commands.put("udhcpc", "udhcpc");
        commands.put("dhcrelay", "isc-dhcp-relay");
        commands.put("python3", "python3");
        commands.put("tar", "tar");
        return commands;
    }
}
