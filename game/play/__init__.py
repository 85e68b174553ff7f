"""Playing games outside a screen: records, simulation, balance reports, benchmarks."""
