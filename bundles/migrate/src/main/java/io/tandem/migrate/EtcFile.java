package io.tandem.migrate;

/**
 * A configuration file the importer writes into Karaf's {@code etc/}.
 *
 * @param name its file name, e.g. {@code io.tandem.subnet-lan.cfg}
 * @param text its content
 */
record EtcFile(String name, String text) {
}
