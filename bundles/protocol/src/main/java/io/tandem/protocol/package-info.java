/**
 * DHCPv4 wire format: the message model, the option codec and input validation.
 *
 * <p>Plain Java with no services and no threads: {@link io.tandem.protocol.DhcpDecoder} turns bytes into an
 * immutable {@link io.tandem.protocol.DhcpMessage}, {@link io.tandem.protocol.DhcpEncoder} turns one back into
 * bytes, and every malformed input raises {@link io.tandem.protocol.DhcpParseException}.
 */
@Export
@Version("1.0.0")
package io.tandem.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
