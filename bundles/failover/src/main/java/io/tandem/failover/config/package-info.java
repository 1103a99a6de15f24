/**
 * The configuration of failover, PID {@code io.tandem.failover}: {@link io.tandem.failover.config.FailoverConfig}
 * describes it to Metatype, {@link io.tandem.failover.config.FailoverSettingsParser} turns Config Admin properties
 * into validated {@link io.tandem.failover.config.FailoverSettings} or refuses them with a
 * {@link io.tandem.failover.config.ConfigurationRejectedException} naming the key and the reason. No file, no failover: the
 * server runs standalone.
 *
 * <p>Private to the bundle.
 */
package io.tandem.failover.config;
