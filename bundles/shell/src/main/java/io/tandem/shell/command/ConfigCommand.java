package io.tandem.shell.command;

import io.tandem.api.ServerAdministration;
import io.tandem.shell.admin.Display;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code dhcp:config}: the settings Tandem is running with, defaults filled in: the server's interfaces and ports,
 * the engine, the store, then every served subnet by name. What serves, not what the files say.
 */
@Command(scope = "dhcp", name = "config",
        description = "Shows the settings in effect: interfaces and ports, engine, store, and each served subnet.")
@Service
public class ConfigCommand implements Action {

    @Reference
    ServerAdministration admin;

    @Override
    public Object execute() {
        Display.settingsLines(admin.settingsInEffect()).forEach(System.out::println);
        return null;
    }
}
