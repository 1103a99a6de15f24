package io.tandem.core;

/** What core keeps in memory of one subnet's pools, built from the store by {@link PoolIndexer}. */
record PoolIndex(FreeAddresses free, PoolCensus census) {
}
