#!/usr/bin/env bash
# Starts a fresh copy of the Tandem distribution configured as ../shared/bench/dhcp-bench.sh expects: it serves
# interface tb-s0 on UDP 67, subnet 10.77.0.0/16 with pool 10.77.1.0-10.77.250.255, and relayed clients.
# Optional environment:
#   TANDEM_STORE, TANDEM_ENGINE  lines appended to etc/io.tandem.store.cfg / etc/io.tandem.engine.cfg,
#                                for example TANDEM_STORE='commitGatherMicros = 2000'
#   TANDEM_INTERFACE             the interface to serve instead of tb-s0
#   TANDEM_SUBNET                the lines of etc/io.tandem.subnet-bench.cfg instead of the subnet above
#   TANDEM_FAILOVER              the lines of etc/io.tandem.failover.cfg: the server runs as one side of a pair
#   TANDEM_CONSOLE_KEY           lets user "bench" log in to the console (ssh, port 8101) with this RSA public key
#                                (the base64 part of its .pub file)
#   TANDEM_PREFILL               a number of ACTIVE leases (distinct clients, from 10.0.0.1 up, ending in a day)
#                                written into the store before the server starts, by bench/target/benchmarks.jar
#                                (build it first); give TANDEM_SUBNET a subnet holding them
#   TANDEM_POLICY                the allocation policy: affinity (as shipped), stable-hash (its feature started
#                                and chosen), or none (no policy feature: core's longest-free fallback)
#   TANDEM_PREPARE_ONLY=1        unpack and configure only: print the home and exit without starting it (a first
#                                start then times Karaf, not the unpacking: first-answer.sh "HOME/bin/karaf server")
# dhcp-bench.sh runs this inside its server namespace:
#   ../shared/bench/dhcp-bench.sh run tandem "$PWD/bench/e2e/tandem-server.sh $PWD/distribution/target/tandem-0.1.0-SNAPSHOT.tar.gz"
set -euo pipefail
distribution=${1:?usage: tandem-server.sh DISTRIBUTION.tar.gz}
work=$(mktemp -d /tmp/tandem-bench.XXXXXX)
tar xzf "$distribution" -C "$work"
home=$(echo "$work"/tandem-*)
rm -f "$home"/etc/io.tandem.subnet-*.cfg
cat >"$home/etc/io.tandem.server.cfg" <<CFG
interfaces = ${TANDEM_INTERFACE:-tb-s0}
CFG
if [ -n "${TANDEM_SUBNET:-}" ]; then
    printf '%s\n' "$TANDEM_SUBNET" >"$home/etc/io.tandem.subnet-bench.cfg"
else
    cat >"$home/etc/io.tandem.subnet-bench.cfg" <<CFG
subnet = 10.77.0.0/16
pools = 10.77.1.0-10.77.250.255
routers = 10.77.0.1
leaseTime = 3600
CFG
fi
if [ -n "${TANDEM_STORE:-}" ]; then
    printf '%s\n' "$TANDEM_STORE" >>"$home/etc/io.tandem.store.cfg"
fi
if [ -n "${TANDEM_ENGINE:-}" ]; then
    printf '%s\n' "$TANDEM_ENGINE" >>"$home/etc/io.tandem.engine.cfg"
fi
if [ -n "${TANDEM_FAILOVER:-}" ]; then
    printf '%s\n' "$TANDEM_FAILOVER" >"$home/etc/io.tandem.failover.cfg"
fi
if [ -n "${TANDEM_PREFILL:-}" ]; then
    java -cp "$(dirname "$0")/../target/benchmarks.jar" io.tandem.bench.store.StoreFiller \
        "$home/data/tandem/leases.db" "$TANDEM_PREFILL" 10.0.0.1 >&2
fi
features_cfg="$home/etc/org.apache.karaf.features.cfg"
case "${TANDEM_POLICY:-affinity}" in
    affinity) ;;
    stable-hash)
        sed -i 's|^featuresBoot=\(.*\)tandem-policy-affinity/\([^,]*\)|featuresBoot=\1tandem-policy-stable-hash/\2|' "$features_cfg"
        printf 'policy = stable-hash\n' >>"$home/etc/io.tandem.engine.cfg" ;;
    none) sed -i 's|, *tandem-policy-affinity/[^,]*||; s|tandem-policy-affinity/[^,]*, *||' "$features_cfg" ;;
    *) echo "TANDEM_POLICY must be affinity, stable-hash or none" >&2; exit 2 ;;
esac
if [ -n "${TANDEM_CONSOLE_KEY:-}" ]; then
    printf '\nbench = %s,_g_:admingroup\n' "$TANDEM_CONSOLE_KEY" >>"$home/etc/keys.properties"
fi
echo "tandem bench home=$home" >&2
if [ "${TANDEM_PREPARE_ONLY:-0}" = 1 ]; then
    echo "$home"
    exit 0
fi
exec "$home/bin/karaf" server
