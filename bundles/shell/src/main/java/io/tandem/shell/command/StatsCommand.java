package io.tandem.shell.command;

import io.tandem.api.TrafficSnapshot;
import io.tandem.api.TrafficStatistics;
import io.tandem.shell.admin.Display;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code dhcp:stats}: messages received and sent by type, drops by reason, and reply latency. */
@Command(scope = "dhcp", name = "stats",
        description = "Shows traffic counters and reply latency since the server started.")
@Service
public class StatsCommand implements Action {

    @Reference
    TrafficStatistics statistics;

    Display display = Display.local();

    @Override
    public Object execute() {
        TrafficSnapshot snapshot = statistics.snapshot();
        System.out.println(display.sinceLine(snapshot));
        Tables.print(Display.COUNTER_COLUMNS, Display.counters(snapshot).stream()
                .map(counter -> List.of(counter.direction(), counter.name(), Long.toString(counter.count())))
                .toList(), "no messages");
        System.out.println(Display.latencyLine(snapshot.latency()));
        return null;
    }
}
