#!/usr/bin/env bash
# What Karaf costs before Tandem does anything: the floor under issue 14's first answer (target 1) and resident
# set (target 2). Unpacks the distribution, takes Tandem's features out of its boot features (VARIANT karaf), and
# starts it twice, a first start and then a restart over the same home. For each start it prints:
#   first_line_s  seconds from the start command to karaf.log's first line of the framework's logging: the launcher
#                 has started the framework and its logging bundle
#   installing_s  to the features service's "Installing bundles:" (the boot features resolved)
#   starting_s    to its "Starting bundles:", the earliest moment a boot feature's bundle (Tandem's, when they are
#                 there) can start
#   done_s        to its "Done.": every boot feature installed and started
#   bound_s       to Tandem's first "dhcp socket bound" (VARIANT tandem)
#   last_line_s   to karaf.log's last line within the first 20 s: a restart installs nothing and logs neither of
#                 the above, and its last line is its bundles starting
#   rss20_mib     the resident set 20 s after the start command
#   gc_rss_mib, heap_mib  the resident set and the heap committed after a full collection (jcmd GC.run)
#
#   karaf-floor.sh DISTRIBUTION.tar.gz [VARIANT]
#
# VARIANT: karaf (default), minimal (also without ssh, management and jaas: no remote console, no JMX), tandem (the
# distribution as shipped, serving lo with no subnet: no traffic). EXTRA_JAVA_OPTS passes through to the JVM.
# Needs a JDK's jcmd on the PATH, and root for VARIANT tandem (UDP 67). No traffic is sent; only the unpacked home is
# written (removed at the end).
set -euo pipefail
distribution=${1:?usage: karaf-floor.sh DISTRIBUTION.tar.gz [karaf|minimal|tandem]}
variant=${2:-karaf}
work=$(mktemp -d /tmp/karaf-floor.XXXXXX)
tar xzf "$distribution" -C "$work"
home=$(echo "$work"/tandem-*)
# An interrupted run leaves no Karaf behind.
trap 'pkill -f "karaf.home=$home" || true; rm -rf "$work"' EXIT
features_cfg="$home/etc/org.apache.karaf.features.cfg"
# without_boot_features NAMES: takes the features whose names match the extended regex NAMES out of featuresBoot.
without_boot_features() { sed -i -E "s#($1)/[^,]*, *##g; s#, *($1)/[^,]*##g" "$features_cfg"; }
case "$variant" in
    karaf) without_boot_features 'tandem-[a-z-]+' ;;
    minimal) without_boot_features 'tandem-[a-z-]+|ssh|management|jaas' ;;
    tandem) rm -f "$home"/etc/io.tandem.subnet-*.cfg; echo 'interfaces = lo' >"$home/etc/io.tandem.server.cfg" ;;
    *) echo "VARIANT must be karaf, minimal or tandem" >&2; exit 2 ;;
esac
log="$home/data/log/karaf.log"

# seconds_since LOG_TIMESTAMP START: a karaf.log time (2026-12-03T16:40:53,958) less START (epoch seconds)
seconds_since() {
    [ -n "$1" ] || { echo -; return; }
    printf '%.2f' "$(echo "$(date -d "$(echo "$1" | sed 's/,/./; s/T/ /')" +%s.%N) - $2" | bc)"
}

measure_one_start() {
    local start pid rss heap times
    [ -f "$log" ] && mv "$log" "$log.before"
    start=$(date +%s.%N)
    (cd "$home" && setsid bin/karaf server >/dev/null 2>&1 &)
    sleep 20
    pid=$(pgrep -f "karaf.home=$home" | head -1)
    rss=$(ps -o rss= -p "$pid")
    times=$(printf 'first_line_s=%s installing_s=%s starting_s=%s done_s=%s bound_s=%s last_line_s=%s' \
        "$(seconds_since "$(grep -m1 '^[0-9]\{4\}-' "$log" | cut -c1-23)" "$start")" \
        "$(seconds_since "$(grep -m1 'Installing bundles:' "$log" | cut -c1-23)" "$start")" \
        "$(seconds_since "$(grep -m1 'Starting bundles:' "$log" | cut -c1-23)" "$start")" \
        "$(seconds_since "$(grep ' | Done\.' "$log" | tail -1 | cut -c1-23)" "$start")" \
        "$(seconds_since "$(grep -m1 'dhcp socket bound' "$log" | cut -c1-23)" "$start")" \
        "$(seconds_since "$(grep '^[0-9]\{4\}-' "$log" | tail -1 | cut -c1-23)" "$start")")
    jcmd "$pid" GC.run >/dev/null
    sleep 5
    heap=$(jcmd "$pid" GC.heap_info | sed -n 's/.*heap *total \([0-9]*\)K.*/\1/p')
    printf '%s rss20_mib=%d gc_rss_mib=%d heap_mib=%d' "$times" $((rss / 1024)) \
        $(($(ps -o rss= -p "$pid") / 1024)) $((heap / 1024))
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}

echo "variant=$variant first: $(measure_one_start) restart: $(measure_one_start)"
