/**
 * Tandem's shared, immutable model: client identities, leases and their binding states, subnets and pools.
 * Every value is validated when it is constructed, so a value that exists is a legal one.
 */
@Export
@Version("1.0.0")
package io.tandem.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
